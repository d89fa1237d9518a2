package org.keneya.flows.people;

import java.util.Locale;
import java.util.Optional;

/**
 * Member numbers as typed on a phone keypad. A household is {@code MOP-000012}, a person of it
 * {@code MOP-000012-03}; letters are slow to type on a keypad, so the digits alone are understood
 * within one mutual ("12" or "000012" for the household, "1203" or "000012-03" for the person).
 */
public final class MemberNumbers {
  private MemberNumbers() {}

  /** The member number {@code typed} stands for in the mutual of {@code code}; empty when it cannot be one. */
  public static Optional<String> read(String typed, String code) {
    if (typed == null) return Optional.empty();
    String text = typed.strip().toUpperCase(Locale.ROOT);
    if (text.matches("[A-Z]{2,6}-\\d{6}(-\\d{2})?")) return Optional.of(text);
    String digits = text.replaceAll("[\\s*#-]", "");
    if (!digits.matches("\\d{1,8}")) return Optional.empty();
    if (text.contains("-") && !text.matches("\\d{1,6}-\\d{2}")) return Optional.empty();
    boolean person = text.contains("-") || digits.length() == 8;
    if (person) {
      String household = digits.substring(0, digits.length() - 2);
      return Optional.of(code + "-" + pad(household) + "-" + digits.substring(digits.length() - 2));
    }
    return digits.length() <= 6 ? Optional.of(code + "-" + pad(digits)) : Optional.empty();
  }

  private static String pad(String digits) {
    return "0".repeat(6 - digits.length()) + digits;
  }
}
