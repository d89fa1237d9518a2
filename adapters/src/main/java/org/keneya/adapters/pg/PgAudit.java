package org.keneya.adapters.pg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The money's invariants, checked in a database from outside the gateway: after a load test, or on
 * a copy restored from a backup. Payments can be limited to households whose head's number lies in
 * a range (a load test's own, on a database that had data before); the journal and the receipt
 * numbering are always checked whole.
 */
public final class PgAudit {
  /** One line of the audit. */
  public record Check(boolean passed, String description) {
    public String line() {
      return (passed ? "  PASS " : "  FAIL ") + description;
    }
  }

  /** The tables whose row counts a restored copy must share with its source. */
  public static final List<String> COUNTED = List.of(
      "mutual", "household", "member", "enrolment", "payment_intent", "receipt", "receipt_member", "journal_entry", "posting",
      "audit_log", "outbox");

  private final PgDatabase database;
  private final String scope;
  private final Object[] scopeParameters;

  /** Audits every payment of the database. */
  public PgAudit(PgDatabase database) {
    this(database, null, null);
  }

  /** Audits the payments of households whose head's number is between {@code firstNumber} and {@code lastNumber}. */
  public PgAudit(PgDatabase database, String firstNumber, String lastNumber) {
    this.database = database;
    if (firstNumber == null) {
      this.scope = " true";
      this.scopeParameters = new Object[0];
    } else {
      this.scope = " p.household_id IN (SELECT id FROM household WHERE head_msisdn BETWEEN ? AND ?)";
      this.scopeParameters = new Object[] {firstNumber, lastNumber};
    }
  }

  /** Receipts against confirmed payments, one booking entry per receipt, a balanced journal, gapless receipt numbers. */
  public List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    long successful = scoped("SELECT count(*) FROM payment_intent p WHERE p.status = 'SUCCESSFUL' AND" + scope);
    long receipts = scoped("SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id WHERE" + scope);
    checks.add(new Check(receipts == successful, format(
        "as many receipts as confirmed payments: %d receipts, %d SUCCESSFUL", receipts, successful)));
    long notExactlyOne = scoped("""
        SELECT count(*) FROM payment_intent p
         WHERE p.status = 'SUCCESSFUL' AND (SELECT count(*) FROM receipt r WHERE r.payment_intent_id = p.id) <> 1 AND""" + scope);
    checks.add(new Check(notExactlyOne == 0, format(
        "every confirmed payment has exactly one receipt: %d have none or several", notExactlyOne)));
    long unconfirmed = scoped("""
        SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id
         WHERE p.status <> 'SUCCESSFUL' AND""" + scope);
    checks.add(new Check(unconfirmed == 0, format("no receipt for a payment not confirmed: %d", unconfirmed)));
    long withoutEntry = scoped("""
        SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id
         WHERE (SELECT count(*) FROM journal_entry e WHERE e.receipt_id = r.id AND e.kind = 'receipt') <> 1 AND""" + scope);
    checks.add(new Check(withoutEntry == 0, format("every receipt has exactly one journal entry: %d have none or several", withoutEntry)));

    long unbalanced = number("""
        SELECT count(*) FROM (SELECT e.id FROM journal_entry e LEFT JOIN posting t ON t.entry_id = e.id
                               GROUP BY e.id HAVING coalesce(sum(t.amount), 0) <> 0 OR count(t.id) < 2) bad""");
    long entries = number("SELECT count(*) FROM journal_entry");
    checks.add(new Check(unbalanced == 0, format(
        "the journal is balanced: %d of %d entries have postings not summing to zero", unbalanced, entries)));
    List<String> gaps = new ArrayList<>();
    for (Map<String, Object> row : database.query("""
        SELECT mutual_id, count(*) AS receipts, coalesce(max(sequence_number), 0) AS highest, coalesce(min(sequence_number), 0) AS lowest
          FROM receipt GROUP BY mutual_id ORDER BY mutual_id""")) {
      long count = ((Number) row.get("receipts")).longValue();
      long highest = ((Number) row.get("highest")).longValue();
      long lowest = ((Number) row.get("lowest")).longValue();
      if (lowest != 1 || highest != count) gaps.add(row.get("mutual_id") + " has " + count + " receipts numbered " + lowest + ".." + highest);
    }
    checks.add(new Check(gaps.isEmpty(), gaps.isEmpty()
        ? "receipt numbers are gapless in every mutual"
        : "receipt numbers have gaps: " + String.join("; ", gaps)));
    return checks;
  }

  /** Rows in each of {@link #COUNTED}, and the journal's total debit, to compare a restored copy with its source. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : COUNTED) counts.put(table, number("SELECT count(*) FROM " + table));
    counts.put("posting debits", number("SELECT coalesce(sum(amount), 0) FROM posting WHERE amount > 0"));
    return counts;
  }

  /** A count over the audited households' payments ({@code sql} ends with the scope). */
  private long scoped(String sql) {
    return first(database.query(sql, scopeParameters));
  }

  private long number(String sql) {
    return first(database.query(sql));
  }

  private static long first(List<Map<String, Object>> rows) {
    Object value = rows.get(0).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
