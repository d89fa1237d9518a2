package org.keneya.flows.ussd;

import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Gsm7Alphabet;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.messages.SmsLength;

/**
 * How much one USSD screen holds, counted as the network counts it. A USSD string is at most 160
 * octets: 182 septets when every character is in the GSM 7-bit alphabet (an extension character
 * such as € or [ takes two), else UCS-2 at two octets a character, 80 characters. One character
 * outside GSM 7-bit (Bambara's ɛ, ɔ, ɲ, ŋ, French ç, ê, ô) turns the whole screen into UCS-2.
 */
public final class UssdScreen {
  /** Septets in one USSD string of GSM 7-bit characters (160 octets). */
  public static final int GSM7_SEPTETS = 182;
  /** UTF-16 units in one USSD string sent as UCS-2 (160 octets). */
  public static final int UCS2_UNITS = 80;

  private UssdScreen() {}

  /** Whether {@code screen} fits one USSD string as the network encodes it. */
  public static boolean fits(String screen) {
    return SmsLength.isGsm7(screen) ? SmsLength.septets(screen) <= GSM7_SEPTETS : screen.length() <= UCS2_UNITS;
  }

  /**
   * The septets {@code screen} takes in {@code language}'s GSM spelling, the form every network can be
   * sent: a screen within {@link #GSM7_SEPTETS} so counted reaches every caller whole.
   */
  public static int size(Messages messages, String language, String screen) {
    return SmsLength.septets(messages.gsm7(language, screen));
  }

  /** Whether {@code screen} reaches every caller whole, whatever their network shows (see {@link #size}). */
  public static boolean fits(Messages messages, String language, String screen) {
    return size(messages, language, screen) <= GSM7_SEPTETS;
  }

  /**
   * {@code screen} as sent to a caller whose network shows {@code alphabet}: as written where the
   * network shows Unicode and the screen fits a UCS-2 string; otherwise in {@code language}'s GSM
   * spelling, which holds more than twice as many characters.
   */
  public static String forNetwork(Messages messages, String language, String screen, KeneyaConfig.Alphabet alphabet) {
    if (alphabet == KeneyaConfig.Alphabet.UNICODE && fits(screen)) return screen;
    return messages.gsm7(language, screen);
  }

  /** The longest start of {@code screen} that fits one USSD string, for a screen the catalogue let grow too long. */
  public static String cut(String screen) {
    if (fits(screen)) return screen;
    if (!SmsLength.isGsm7(screen)) return screen.substring(0, UCS2_UNITS);
    int used = 0;
    int end = 0;
    while (end < screen.length() && used + Gsm7Alphabet.septets(screen.charAt(end)) <= GSM7_SEPTETS) {
      used += Gsm7Alphabet.septets(screen.charAt(end));
      end++;
    }
    return screen.substring(0, end);
  }
}
