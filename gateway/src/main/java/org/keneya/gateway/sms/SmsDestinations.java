package org.keneya.gateway.sms;

import java.util.ArrayList;
import java.util.List;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;

/**
 * The numbers we may send SMS to: those of the deployment's countries ({@code sms.allowedCountryCodes})
 * and those a configured wallet serves by prefix. Any other number is refused, so that nobody can make
 * the mutual pay for SMS to premium or far-away numbers (SMS pumping).
 */
public final class SmsDestinations {
  private final List<String> prefixes = new ArrayList<>();

  public SmsDestinations(KeneyaConfig config) {
    for (String code : config.smsCountryCodes()) prefixes.add("+" + code);
    for (WalletConfig wallet : config.wallets()) prefixes.addAll(wallet.prefixesOrEmpty());
  }

  /** Whether {@code e164} (a number in E.164 form) may get our SMS. */
  public boolean allowed(String e164) {
    return e164 != null && prefixes.stream().anyMatch(e164::startsWith);
  }
}
