package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.Reversal;

/**
 * Reverses a receipt as {@link Reversal} plans it, all in one transaction: the journal entry of its
 * postings negated, the persons' cover it gave withdrawn, who and why on the receipt and in the
 * audit log, and the member's SMS queued. A receipt is reversed once at most.
 */
public final class PgReversals {
  /** What reversing asked for found. */
  public sealed interface Outcome {
    record Reversed(String receiptNumber, Money amount, long entryId) implements Outcome {}

    record UnknownReceipt() implements Outcome {}

    record AlreadyReversed(String reversedAt, String reversedBy) implements Outcome {}
  }

  /** The receipt being reversed, to word the member's SMS. */
  public record Reversing(String receiptNumber, Money amount, String mutualId, String mutualCode, String language) {}

  private final Pool pool;
  private final PgLedgerOutbox ledgerOutbox;

  public PgReversals(Pool pool) {
    this.pool = pool;
    this.ledgerOutbox = new PgLedgerOutbox(pool);
  }

  /** The mutual whose receipt {@code receiptNumber} is, if there is one. */
  public Future<java.util.Optional<String>> mutualOf(String receiptNumber) {
    return pool.preparedQuery("SELECT mutual_id FROM receipt WHERE receipt_number = $1").execute(Tuple.of(receiptNumber))
        .map(rows -> rows.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(rows.iterator().next().getString(0)));
  }

  /**
   * @param sms the member's SMS for the receipt, or null for none
   */
  public Future<Outcome> reverse(String receiptNumber, Actor actor, String reason, Function<Reversing, String> sms) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT r.id, r.mutual_id, r.amount, r.currency, r.reversed_at::text AS reversed_at, r.reversed_by, h.head_msisdn,
                   h.language, m.code AS mutual_code
              FROM receipt r JOIN household h ON h.id = r.household_id JOIN mutual m ON m.id = r.mutual_id
             WHERE r.receipt_number = $1 FOR UPDATE OF r""")
        .execute(Tuple.of(receiptNumber))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new Outcome.UnknownReceipt());
          Row receipt = rows.iterator().next();
          if (receipt.getString("reversed_at") != null) {
            return Future.succeededFuture(new Outcome.AlreadyReversed(receipt.getString("reversed_at"), receipt.getString("reversed_by")));
          }
          return reverse(conn, receipt, receiptNumber, actor, reason, sms);
        }));
  }

  private Future<Outcome> reverse(SqlConnection conn, Row row, String receiptNumber, Actor actor, String reason,
      Function<Reversing, String> sms) {
    Reversal.Receipt receipt = new Reversal.Receipt(row.getUUID("id"), receiptNumber, row.getString("mutual_id"),
        Money.of(row.getLong("amount"), row.getString("currency")), row.getString("head_msisdn"));
    Future<RowSet<Row>> booked = conn.preparedQuery("""
            SELECT p.account, p.amount, p.currency
              FROM posting p JOIN journal_entry j ON j.id = p.entry_id
             WHERE j.receipt_id = $1 AND j.kind = 'receipt' ORDER BY p.id""")
        .execute(Tuple.of(receipt.id()));
    Future<RowSet<Row>> covers = booked.compose(x -> conn.preparedQuery("""
            SELECT member_id, covered_from, covered_until FROM receipt_member WHERE receipt_id = $1 ORDER BY member_id""")
        .execute(Tuple.of(receipt.id())));
    return covers.compose(x -> {
      List<Posting> postings = new ArrayList<>();
      String currency = receipt.amount().currency();
      for (Row p : booked.result()) {
        postings.add(new Posting(p.getString("account"), p.getLong("amount")));
        currency = p.getString("currency");
      }
      List<Reversal.Cover> withdrawn = new ArrayList<>();
      for (Row c : covers.result()) withdrawn.add(new Reversal.Cover(c.getUUID("member_id"), c.getLocalDate("covered_from"), c.getLocalDate("covered_until")));
      String text = sms == null ? null : sms.apply(new Reversing(receiptNumber, receipt.amount(), receipt.mutualId(),
          row.getString("mutual_code"), row.getString("language")));
      return write(conn, actor, Reversal.plan(receipt, postings, currency, withdrawn, reason, text));
    });
  }

  private Future<Outcome> write(SqlConnection conn, Actor actor, Reversal plan) {
    Reversal.Receipt receipt = plan.receipt();
    return JournalWriter.write(conn, plan.journalEntry())
        .compose(entryId -> conn.preparedQuery("DELETE FROM receipt_member WHERE receipt_id = $1").execute(Tuple.of(receipt.id()))
            .compose(x -> conn.preparedQuery("UPDATE receipt SET reversed_at = now(), reversed_by = $2, reversal_reason = $3 WHERE id = $1")
                .execute(Tuple.of(receipt.id(), actor.name(), plan.reason())))
            .compose(x -> AuditLog.record(conn, actor, plan.audit(entryId)))
            .compose(x -> plan.sms() == null ? Future.succeededFuture() : Outbox.queue(conn, plan.smsKey(), plan.sms()))
            // The reversal reaches the external ledger exactly when the receipt it reverses did.
            .compose(x -> ledgerOutbox.enqueueFollowingReceipt(conn, receipt.mutualId(), entryId))
            .map(x -> (Outcome) new Outcome.Reversed(receipt.number(), receipt.amount(), entryId)));
  }
}
