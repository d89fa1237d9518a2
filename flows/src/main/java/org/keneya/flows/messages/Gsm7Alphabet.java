package org.keneya.flows.messages;

/**
 * The GSM 03.38 default alphabet and its extension table, written once: what an SMS or a USSD
 * screen can carry in 7-bit septets ({@link SmsLength}, {@link Gsm7Spelling}) and the septets the
 * SMPP transport sends.
 */
public final class Gsm7Alphabet {
  /** Index is the septet; 0x1B is the escape to the extension table, never a character. */
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  /** Characters of the extension table, each sent as the escape and its code: two septets. */
  private static final String EXTENSION = "\f^{}\\[~]|€";
  private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
  private static final byte ESCAPE = 0x1B;

  /** Septets per character (0: not in the alphabet), indexed by char: looked up for every screen sent. */
  private static final byte[] WIDTH = new byte[(BASIC + EXTENSION).chars().max().orElseThrow() + 1];

  static {
    BASIC.chars().forEach(c -> WIDTH[c] = 1);
    EXTENSION.chars().forEach(c -> WIDTH[c] = 2);
    WIDTH[ESCAPE] = 0;
  }

  private Gsm7Alphabet() {}

  public static boolean contains(char c) {
    return septets(c) > 0;
  }

  /** How many septets {@code c} takes: 1 in the basic table, 2 in the extension table, 0 when GSM lacks it. */
  public static int septets(char c) {
    return c < WIDTH.length ? WIDTH[c] : 0;
  }

  /** {@code c} as its septet(s), one byte each (unpacked, as SMPP carries them). */
  public static byte[] encode(char c) {
    int width = septets(c);
    if (width == 1) return new byte[] {(byte) BASIC.indexOf(c)};
    if (width == 2) return new byte[] {ESCAPE, EXTENSION_CODES[EXTENSION.indexOf(c)]};
    throw new IllegalArgumentException("not a GSM 7-bit character: U+" + Integer.toHexString(c));
  }
}
