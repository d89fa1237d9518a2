package org.keneya.flows.messages;

/**
 * How many SMS parts a text costs. One character outside the GSM 7-bit alphabet (ɛ, ɔ, ɲ, an emoji)
 * turns the whole message into UCS-2: 70 characters a part instead of 160.
 */
public final class SmsLength {
  private static final String GSM7_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  /** Characters of the extension table: allowed, but each takes two septets. */
  private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

  private SmsLength() {}

  /** The GSM 7-bit characters (basic and extension), indexed by char: looked up for every screen sent. */
  private static final boolean[] GSM7 = new boolean[0x20AD];

  static {
    (GSM7_BASIC + GSM7_EXTENSION).chars().forEach(c -> GSM7[c] = true);
  }

  public static boolean isGsm7(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= GSM7.length || !GSM7[c]) return false;
    }
    return true;
  }

  /** The number of parts {@code text} is sent in. */
  public static int parts(String text) {
    if (isGsm7(text)) {
      int septets = 0;
      for (int i = 0; i < text.length(); i++) septets += GSM7_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = text.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }
}
