package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.reconciliation.RecordedPayment;
import org.keneya.flows.reconciliation.StatementMatcher.Match;

/** Imported provider statements, what each line matched, and the audit log of bookings made from them. */
public final class PgReconciliation {
  /** Payments asked this many days before a statement's first day may still appear on it. */
  private static final int DAYS_BEFORE = 7;

  private final Pool pool;

  public PgReconciliation(Pool pool) {
    this.pool = pool;
  }

  /** The payments of {@code provider} a statement of days {@code first}..{@code last} may list. */
  public Future<List<RecordedPayment>> payments(String provider, LocalDate first, LocalDate last) {
    return pool.preparedQuery("""
        SELECT p.id, p.provider_reference, p.provider_transaction_id, p.amount, p.currency, p.status, r.receipt_number,
               coalesce(r.paid_on, (p.created_at AT TIME ZONE 'UTC')::date) AS day
          FROM payment_intent p LEFT JOIN receipt r ON r.payment_intent_id = p.id
         WHERE p.provider = $1
           AND (p.created_at >= $2::date - $4::int AND p.created_at < $3::date + 2 OR r.paid_on BETWEEN $2 AND $3)""")
        .execute(Tuple.of(provider, first, last, DAYS_BEFORE))
        .map(rows -> {
          List<RecordedPayment> payments = new ArrayList<>();
          for (Row r : rows) {
            payments.add(new RecordedPayment(r.getUUID("id"), r.getString("provider_reference"), r.getString("provider_transaction_id"),
                Money.of(r.getLong("amount"), r.getString("currency")), PaymentState.of(r.getString("status")), r.getString("receipt_number"),
                r.getLocalDate("day")));
          }
          return payments;
        });
  }

  /** Stores an import and its matches; returns its id. */
  public Future<UUID> save(String provider, String fileName, Actor importedBy, LocalDate first, LocalDate last, JsonObject report,
      List<Match> matches) {
    UUID id = UUID.randomUUID();
    List<Tuple> lines = new ArrayList<>();
    int unlisted = 0;
    for (Match m : matches) {
      // Payments of ours that no line lists get numbers after the statement's last line.
      int number = m.line() != null ? m.line().lineNumber() : 1_000_000 + ++unlisted;
      Money amount = m.line() != null && m.line().amount() != null ? m.line().amount() : m.payment() == null ? null : m.payment().asked();
      lines.add(Tuple.from(java.util.Arrays.asList(id, number,
          m.line() != null ? m.line().day() : m.payment().day(),
          m.line() != null ? m.line().reference() : m.payment().intentId().toString(),
          m.line() != null ? m.line().transactionId() : m.payment().transactionId(),
          amount == null ? null : (Object) amount.amount(),
          amount == null ? null : amount.currency(),
          m.line() != null ? m.line().providerStatus() : null,
          m.outcome().name(),
          m.payment() == null ? null : m.payment().intentId(),
          m.payment() == null ? null : m.payment().receiptNumber(),
          m.note())));
    }
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO reconciliation_import (id, provider, file_name, imported_by, first_day, last_day, report)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.from(java.util.Arrays.asList(id, provider, fileName, importedBy.name(), first, last, report)))
        .compose(x -> lines.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
            INSERT INTO reconciliation_line (import_id, line_number, day, reference, provider_transaction_id, amount, currency,
                                             provider_status, outcome, intent_id, receipt_number, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""").executeBatch(lines).mapEmpty())
        .map(id));
  }

  /** A stored line of an import. */
  public record Line(int lineNumber, LocalDate day, String reference, String transactionId, Long amount, String currency,
      String providerStatus, String outcome, UUID intentId, String receiptNumber, String bookedReceiptNumber, String note) {}

  public record Import(UUID id, String provider, String fileName, String importedBy, String importedAt, JsonObject report, List<Line> lines) {}

  public Future<Optional<Import>> find(UUID id) {
    return pool.preparedQuery("SELECT provider, file_name, imported_by, imported_at::text AS at, report FROM reconciliation_import WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<Import>empty());
          Row head = rows.iterator().next();
          return pool.preparedQuery("""
                  SELECT line_number, day, reference, provider_transaction_id, amount, currency, provider_status, outcome, intent_id,
                         receipt_number, booked_receipt_number, note
                    FROM reconciliation_line WHERE import_id = $1 ORDER BY line_number""")
              .execute(Tuple.of(id))
              .map(lines -> {
                List<Line> list = new ArrayList<>();
                for (Row r : lines) {
                  list.add(new Line(r.getInteger("line_number"), r.getLocalDate("day"), r.getString("reference"),
                      r.getString("provider_transaction_id"), r.getLong("amount"), r.getString("currency"), r.getString("provider_status"),
                      r.getString("outcome"), r.getUUID("intent_id"), r.getString("receipt_number"), r.getString("booked_receipt_number"),
                      r.getString("note")));
                }
                return Optional.of(new Import(id, head.getString("provider"), head.getString("file_name"), head.getString("imported_by"),
                    head.getString("at"), head.getJsonObject("report"), list));
              });
        });
  }

  /**
   * Within a booking's transaction: notes the receipt on the line and who booked it, why, in the
   * audit log. Fails (rolling the booking back) if the line was booked meanwhile.
   */
  public Future<Void> recordBooking(SqlConnection conn, UUID importId, Line line, String receiptNumber, Actor actor, String reason) {
    return conn.preparedQuery("""
            UPDATE reconciliation_line SET booked_receipt_number = $3
             WHERE import_id = $1 AND line_number = $2 AND booked_receipt_number IS NULL""")
        .execute(Tuple.of(importId, line.lineNumber(), receiptNumber))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(new IllegalStateException("line " + line.lineNumber() + " was booked meanwhile"))
            : AuditLog.record(conn, actor, "payment.booked_from_statement", "payment_intent:" + line.intentId(), new JsonObject()
                .put("import", importId.toString()).put("line", line.lineNumber()).put("receipt", receiptNumber)
                .put("providerTransactionId", line.transactionId()).put("amount", line.amount()).put("currency", line.currency())
                .put("day", String.valueOf(line.day())).put("reason", reason)))
        .mapEmpty();
  }
}
