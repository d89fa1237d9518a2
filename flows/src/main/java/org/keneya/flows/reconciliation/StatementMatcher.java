package org.keneya.flows.reconciliation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Matches a provider's statement against the payments we recorded with it. A line names a
 * payment by our reference id, by the provider's reference or transaction id, or by the shortened
 * order id some providers are given (the first characters of our reference without its dashes).
 */
public final class StatementMatcher {
  /** The shortest shortened reference taken to name one payment (16 hex digits: 64 random bits). */
  static final int MIN_SHORTENED_REFERENCE = 16;

  /**
   * @param line null for a payment of ours that no line lists
   * @param payment null for a line that names no payment of ours
   * @param bookable a collected payment of ours that can be booked from this line
   */
  public record Match(Outcome outcome, StatementLine line, RecordedPayment payment, boolean bookable, String note) {}

  private StatementMatcher() {}

  /**
   * Every line's outcome, then each booked payment of ours on the statement's days that no line
   * lists ({@link Outcome#MISSING_THEIRS}).
   */
  public static List<Match> match(List<StatementLine> lines, List<RecordedPayment> ours) {
    List<Match> matches = new ArrayList<>();
    Set<UUID> listed = new HashSet<>();
    LocalDate first = null;
    LocalDate last = null;
    for (StatementLine line : lines) {
      if (line.problem() != null) {
        matches.add(new Match(Outcome.UNREADABLE, line, null, false, line.problem()));
        continue;
      }
      first = first == null || line.day().isBefore(first) ? line.day() : first;
      last = last == null || line.day().isAfter(last) ? line.day() : last;
      Optional<RecordedPayment> found = find(line, ours);
      if (found.isPresent() && !listed.add(found.get().intentId())) {
        matches.add(new Match(Outcome.DUPLICATE, line, found.get(), false, "the statement lists this payment more than once"));
        continue;
      }
      matches.add(outcome(line, found.orElse(null)));
    }
    for (RecordedPayment payment : ours) {
      if (first != null && payment.booked() && !listed.contains(payment.intentId())
          && !payment.day().isBefore(first) && !payment.day().isAfter(last)) {
        matches.add(new Match(Outcome.MISSING_THEIRS, null, payment, false, "booked by us, not on the statement"));
      }
    }
    return matches;
  }

  private static Match outcome(StatementLine line, RecordedPayment payment) {
    if (!line.paid()) {
      if (payment != null && payment.booked()) {
        return new Match(Outcome.MISSING_THEIRS, line, payment, false, "booked by us, the statement says " + line.providerStatus());
      }
      return new Match(Outcome.NOT_PAID, line, payment, false, "the statement says " + line.providerStatus());
    }
    if (payment == null) return new Match(Outcome.MISSING_OURS, line, null, false, "no payment of ours has this reference");
    boolean sameAmount = payment.asked().equals(line.amount());
    if (payment.booked()) {
      return sameAmount ? new Match(Outcome.MATCHED, line, payment, false, null)
          : new Match(Outcome.AMOUNT_MISMATCH, line, payment, false, "we booked " + payment.asked() + ", the statement says " + line.amount());
    }
    if (!sameAmount) {
      return new Match(Outcome.AMOUNT_MISMATCH, line, payment, false, "we asked " + payment.asked() + ", the statement says " + line.amount());
    }
    return new Match(Outcome.MISSING_OURS, line, payment, true, "collected, our payment is " + payment.status());
  }

  private static Optional<RecordedPayment> find(StatementLine line, List<RecordedPayment> ours) {
    String reference = line.reference() == null ? "" : line.reference().trim();
    String transaction = line.transactionId() == null ? "" : line.transactionId().trim();
    String shortened = alphanumeric(reference);
    for (RecordedPayment payment : ours) {
      if (!reference.isEmpty() && (reference.equalsIgnoreCase(payment.intentId().toString()) || reference.equals(payment.providerReference()))) {
        return Optional.of(payment);
      }
      if (!transaction.isEmpty() && transaction.equals(payment.transactionId())) return Optional.of(payment);
    }
    if (shortened.length() >= MIN_SHORTENED_REFERENCE) {
      for (RecordedPayment payment : ours) {
        if (alphanumeric(payment.intentId().toString()).startsWith(shortened)) return Optional.of(payment);
      }
    }
    return Optional.empty();
  }

  private static String alphanumeric(String text) {
    return text.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }
}
