package org.keneya.flows.messages;

/**
 * How many SMS parts a text costs. One character outside the GSM 7-bit alphabet (ɛ, ɔ, ɲ, an emoji)
 * turns the whole message into UCS-2: 70 characters a part instead of 160.
 */
public final class SmsLength {
  private SmsLength() {}

  public static boolean isGsm7(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Gsm7Alphabet.contains(text.charAt(i))) return false;
    }
    return true;
  }

  /** The septets a GSM 7-bit {@code text} is sent in: two for each character of the extension table. */
  public static int septets(String text) {
    int septets = 0;
    for (int i = 0; i < text.length(); i++) septets += Gsm7Alphabet.septets(text.charAt(i));
    return septets;
  }

  /** The number of parts {@code text} is sent in. */
  public static int parts(String text) {
    if (isGsm7(text)) {
      int septets = septets(text);
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = text.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }
}
