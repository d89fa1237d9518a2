package org.keneya.flows.money;

import java.util.Objects;

/** An amount in whole minor units of a currency (XOF has none: whole francs). Never a double. */
public record Money(long amount, String currency) {
  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public static Money of(long amount, String currency) {
    return new Money(amount, currency);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amount, other.amount), currency);
  }

  public Money times(long factor) {
    return new Money(Math.multiplyExact(amount, factor), currency);
  }

  public boolean isZero() {
    return amount == 0;
  }

  /** "10 380 FCFA": the way amounts are written on receipts here (space between thousands). */
  public String format() {
    String digits = Long.toString(Math.abs(amount));
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) grouped.append(' ');
      grouped.append(digits.charAt(i));
    }
    return (amount < 0 ? "-" : "") + grouped + " " + displayCurrency();
  }

  private String displayCurrency() {
    return switch (currency) {
      case "XOF", "XAF" -> "FCFA";
      default -> currency;
    };
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
  }

  @Override
  public String toString() {
    return amount + " " + currency;
  }
}
