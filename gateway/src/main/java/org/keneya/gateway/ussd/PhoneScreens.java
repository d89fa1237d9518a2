package org.keneya.gateway.ussd;

import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.ussd.UssdScreen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Screens as the caller's network carries them (see {@link UssdScreen}), whichever menu wrote them. */
public final class PhoneScreens {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneScreens.class);

  private final Messages messages;
  private final KeneyaConfig.UssdConfig ussd;

  public PhoneScreens(Messages messages, KeneyaConfig.UssdConfig ussd) {
    this.messages = messages;
    this.ussd = ussd;
  }

  /** {@code screen} in the spelling the network of {@code hop}'s caller can display, within one USSD string. */
  public String forPhone(UssdService.Hop hop, String language, String screen) {
    String sent = UssdScreen.forNetwork(messages, language, screen, ussd.alphabet(hop.networkCode()));
    if (UssdScreen.fits(sent)) return sent;
    LOG.error("a screen too long for one USSD string was cut; fix the message catalogue: {} characters", sent.length());
    return UssdScreen.cut(sent);
  }

  /** A catalogue's screen of its own, e.g. to say the service is unavailable. */
  String text(UssdService.Hop hop, String language, String key) {
    return forPhone(hop, language, messages.text(language, key));
  }
}
