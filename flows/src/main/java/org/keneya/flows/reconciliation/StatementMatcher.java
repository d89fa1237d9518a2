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
    Index index = new Index(ours);
    LocalDate first = null;
    LocalDate last = null;
    for (StatementLine line : lines) {
      if (line.problem() != null) {
        matches.add(new Match(Outcome.UNREADABLE, line, null, false, line.problem()));
        continue;
      }
      first = first == null || line.day().isBefore(first) ? line.day() : first;
      last = last == null || line.day().isAfter(last) ? line.day() : last;
      Optional<RecordedPayment> found = index.find(line);
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

  /** Our payments by each key a statement may name them by, built once: a statement has thousands of lines. */
  private static final class Index {
    private final java.util.Map<String, RecordedPayment> byId = new java.util.HashMap<>();
    private final java.util.Map<String, RecordedPayment> byProviderReference = new java.util.HashMap<>();
    private final java.util.Map<String, RecordedPayment> byTransaction = new java.util.HashMap<>();
    /** By the first {@link #MIN_SHORTENED_REFERENCE} letters and digits of our reference, for shortened order ids. */
    private final java.util.Map<String, List<RecordedPayment>> byShortPrefix = new java.util.HashMap<>();

    Index(List<RecordedPayment> ours) {
      for (RecordedPayment payment : ours) {
        byId.putIfAbsent(payment.intentId().toString().toLowerCase(Locale.ROOT), payment);
        if (payment.providerReference() != null) byProviderReference.putIfAbsent(payment.providerReference(), payment);
        if (payment.transactionId() != null) byTransaction.putIfAbsent(payment.transactionId(), payment);
        String compact = alphanumeric(payment.intentId().toString());
        byShortPrefix.computeIfAbsent(compact.substring(0, MIN_SHORTENED_REFERENCE), k -> new ArrayList<>()).add(payment);
      }
    }

    Optional<RecordedPayment> find(StatementLine line) {
      String reference = line.reference() == null ? "" : line.reference().trim();
      String transaction = line.transactionId() == null ? "" : line.transactionId().trim();
      if (!reference.isEmpty()) {
        RecordedPayment found = byId.get(reference.toLowerCase(Locale.ROOT));
        if (found == null) found = byProviderReference.get(reference);
        if (found != null) return Optional.of(found);
      }
      if (!transaction.isEmpty() && byTransaction.containsKey(transaction)) return Optional.of(byTransaction.get(transaction));
      String shortened = alphanumeric(reference);
      if (shortened.length() < MIN_SHORTENED_REFERENCE) return Optional.empty();
      return byShortPrefix.getOrDefault(shortened.substring(0, MIN_SHORTENED_REFERENCE), List.of()).stream()
          .filter(payment -> alphanumeric(payment.intentId().toString()).startsWith(shortened)).findFirst();
    }
  }


  private static String alphanumeric(String text) {
    return text.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }
}
