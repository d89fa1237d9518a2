package org.keneya.flows.ussd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.MESSAGES;

import org.keneya.config.KeneyaConfig;

/** The one rule every screen explorer checks: a screen reaches its caller whole on every network, counted as that network counts it. */
public final class ScreenRule {
  private ScreenRule() {}

  public static void assertReachesEveryNetwork(String language, String screen) {
    for (KeneyaConfig.Alphabet alphabet : KeneyaConfig.Alphabet.values()) {
      String sent = UssdScreen.forNetwork(MESSAGES, language, screen, alphabet);
      assertThat(UssdScreen.fits(sent)).as("%s screen on a %s network, as sent:%n%s", language, alphabet, sent).isTrue();
    }
  }
}
