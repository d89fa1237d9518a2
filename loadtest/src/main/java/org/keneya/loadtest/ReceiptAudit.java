package org.keneya.loadtest;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keneya.adapters.pg.PgAudit;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.flows.payments.PaymentState;

/**
 * After the load: waits until the wallet has answered every payment asked, then checks in the
 * database that the money came out right. Scoped to the load test's own households (by their head's
 * number), so that it also holds on a database that had data before.
 */
final class ReceiptAudit {
  /** A PASS or FAIL line of the audit. */
  record Check(boolean passed, String description) {
    String line() {
      return (passed ? "  PASS " : "  FAIL ") + description;
    }
  }

  private static final String OURS = " p.household_id IN (SELECT id FROM household WHERE head_msisdn BETWEEN ? AND ?)";

  private final LoadTestDatabase database;
  private final String firstNumber;
  private final String lastNumber;

  ReceiptAudit(LoadTestDatabase database, HouseholdRegister households) {
    this.database = database;
    this.firstNumber = households.firstNumber();
    this.lastNumber = households.lastNumber();
  }

  /** Payment intents of our households by status. */
  Map<String, Long> intentsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map<String, Object> row : database.query(
        "SELECT p.status, count(*) AS n FROM payment_intent p WHERE " + OURS + " GROUP BY p.status ORDER BY p.status",
        firstNumber, lastNumber)) {
      counts.put((String) row.get("status"), ((Number) row.get("n")).longValue());
    }
    return counts;
  }

  static long open(Map<String, Long> byStatus) {
    return PaymentState.OPEN.stream().mapToLong(state -> byStatus.getOrDefault(state.code(), 0L)).sum();
  }

  /** Waits up to {@code timeoutSeconds} for every intent to be resolved; returns the last count by status and the wait. */
  Settled settle(int timeoutSeconds) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeoutSeconds * 1_000_000_000L;
    Map<String, Long> byStatus = intentsByStatus();
    while (open(byStatus) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      byStatus = intentsByStatus();
    }
    return new Settled(byStatus, (System.nanoTime() - start) / 1e9);
  }

  record Settled(Map<String, Long> byStatus, double waitedSeconds) {}

  List<Check> checks(Settled settled, long paymentsRequested, int timeoutSeconds) {
    List<Check> checks = new ArrayList<>();
    Map<String, Long> byStatus = settled.byStatus();
    long intents = byStatus.values().stream().mapToLong(Long::longValue).sum();
    long open = open(byStatus);
    checks.add(new Check(open == 0, open == 0
        ? Report.format("every payment resolved %.1f s after the load: %s", settled.waitedSeconds(), byStatus)
        : Report.format("%d payments still open after %d s: %s", open, timeoutSeconds, byStatus)));
    checks.add(new Check(intents == paymentsRequested, Report.format(
        "one payment intent per payment the callers were told was requested: %d intents, %d requested", intents, paymentsRequested)));
    long review = byStatus.getOrDefault(PaymentState.REVIEW.code(), 0L);
    checks.add(new Check(review == 0, Report.format(
        "no payment held for review (the simulated wallet confirms the amount asked): %d in REVIEW", review)));
    long wrongAmount = database.number("SELECT count(*) FROM payment_intent p WHERE " + OURS + " AND p.amount <> ?",
        firstNumber, lastNumber, HouseholdRegister.FIRST_PAYMENT);
    checks.add(new Check(wrongAmount == 0, Report.format(
        "every payment asked %d FCFA (3 x 1,730 + 1,000 adhesion): %d asked something else", HouseholdRegister.FIRST_PAYMENT, wrongAmount)));

    long paidTwice = database.number("""
        SELECT count(*) FROM (SELECT r.household_id FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id
                               WHERE """ + OURS + " GROUP BY r.household_id HAVING count(*) > 1) twice",
        firstNumber, lastNumber);
    checks.add(new Check(paidTwice == 0, Report.format(
        "no household booked twice (each had one payment session): %d", paidTwice)));
    long amountMismatch = database.number("""
        SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id
         WHERE r.amount <> p.amount AND """ + OURS, firstNumber, lastNumber);
    checks.add(new Check(amountMismatch == 0, Report.format("every receipt is for the amount asked: %d differ", amountMismatch)));
    // Receipts against confirmations, the journal and the numbering: the same audit as a restore drill's.
    for (PgAudit.Check check : new PgAudit(new PgDatabase(database.url()), firstNumber, lastNumber).checks()) {
      checks.add(new Check(check.passed(), check.description()));
    }
    return checks;
  }

  /**
   * How long after the member's confirmation on the menu the receipt was booked, over the whole run:
   * the wallet's approval delay plus the callback, its verification and the booking. Information only.
   */
  String bookingDelay() {
    Map<String, Object> row = database.query("""
        SELECT count(*) AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.created_at - p.created_at)) AS p50,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.created_at - p.created_at)) AS p99,
               max(extract(epoch FROM r.created_at - p.created_at)) AS highest
          FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id WHERE""" + OURS, firstNumber, lastNumber).get(0);
    if (((Number) row.get("n")).longValue() == 0) return "no receipt booked";
    return Report.format("receipt booked p50 %.2f s, p99 %.2f s, max %.2f s after the member confirmed (%d receipts)",
        ((Number) row.get("p50")).doubleValue(), ((Number) row.get("p99")).doubleValue(),
        ((Number) row.get("highest")).doubleValue(), ((Number) row.get("n")).longValue());
  }

  /**
   * Receipts booked per second between {@code from} and {@code to} against payments asked in the same
   * time: when bookings fall behind, the wallet's confirmations queue up in the gateway. Information only.
   */
  String bookingRate(Instant from, Instant to) {
    double seconds = Duration.between(from, to).toMillis() / 1000.0;
    Timestamp start = Timestamp.from(from);
    Timestamp end = Timestamp.from(to);
    long booked = database.number("SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id"
        + " WHERE r.created_at >= ? AND r.created_at < ? AND" + OURS, start, end, firstNumber, lastNumber);
    long asked = database.number("SELECT count(*) FROM payment_intent p WHERE p.created_at >= ? AND p.created_at < ? AND" + OURS,
        start, end, firstNumber, lastNumber);
    String line = Report.format("during the measured window %.1f receipts booked/s for %.1f payments asked/s", booked / seconds, asked / seconds);
    return asked > booked * 1.05 ? line + ": confirmations fall behind, the backlog grows by " + Report.format("%.0f/s", (asked - booked) / seconds) : line;
  }

  /** Receipt SMS in the outbox by status: information, not a check (sending is at least once, later). */
  Map<String, Long> receiptSmsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map<String, Object> row : database.query("SELECT status, count(*) AS n FROM outbox WHERE topic = 'sms' GROUP BY status ORDER BY status")) {
      counts.put((String) row.get("status"), ((Number) row.get("n")).longValue());
    }
    return counts;
  }
}
