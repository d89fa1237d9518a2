package org.keneya.flows.people;

import java.util.Optional;

/** A mobile number in E.164 form (+22376123456). */
public record Msisdn(String e164) {
  public Msisdn {
    if (e164 == null || !e164.matches("\\+[1-9][0-9]{7,14}")) {
      throw new IllegalArgumentException("not an E.164 number: " + e164);
    }
  }

  /**
   * Reads a number as people and aggregators write it: "+223 76 12 34 56", "0022376123456",
   * "22376123456" or the 8 national digits "76123456" (completed with {@code defaultCountryCode}).
   */
  public static Optional<Msisdn> parse(String raw, String defaultCountryCode) {
    if (raw == null) return Optional.empty();
    String s = raw.strip().replaceAll("[\\s.\\-()]", "");
    if (s.startsWith("00")) s = "+" + s.substring(2);
    if (!s.startsWith("+")) {
      if (!s.matches("[0-9]+")) return Optional.empty();
      s = s.startsWith(defaultCountryCode) && s.length() > 8 ? "+" + s : "+" + defaultCountryCode + s;
    }
    if (!s.matches("\\+[1-9][0-9]{7,14}")) return Optional.empty();
    return Optional.of(new Msisdn(s));
  }

  /** The number with all but the last four digits hidden, for logs. */
  public String masked() {
    return e164.substring(0, Math.min(4, e164.length())) + "****" + e164.substring(e164.length() - 4);
  }

  @Override
  public String toString() {
    return e164;
  }
}
