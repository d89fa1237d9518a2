package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * Reverses a receipt, all in one transaction: a journal entry of its postings negated (the journal
 * stays append-only), the persons' cover it gave withdrawn, who and why on the receipt and in the
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

  private Future<Outcome> reverse(SqlConnection conn, Row receipt, String receiptNumber, Actor actor, String reason,
      Function<Reversing, String> sms) {
    UUID receiptId = receipt.getUUID("id");
    String mutualId = receipt.getString("mutual_id");
    Money amount = Money.of(receipt.getLong("amount"), receipt.getString("currency"));
    return conn.preparedQuery("""
            SELECT p.account, p.amount, p.currency
              FROM posting p JOIN journal_entry j ON j.id = p.entry_id
             WHERE j.receipt_id = $1 AND j.kind = 'receipt' ORDER BY p.id""")
        .execute(Tuple.of(receiptId))
        .compose(booked -> {
          List<Posting> negated = new ArrayList<>();
          String currency = amount.currency();
          for (Row p : booked) {
            negated.add(new Posting(p.getString("account"), -p.getLong("amount")));
            currency = p.getString("currency");
          }
          return JournalWriter.write(conn, new JournalEntry(mutualId, receiptId, JournalEntry.Kind.REVERSAL,
              "Reversal of receipt " + receiptNumber + ": " + reason, currency, negated));
        })
        .compose(entryId -> conn.preparedQuery("""
                  DELETE FROM receipt_member WHERE receipt_id = $1 RETURNING member_id, covered_from, covered_until""")
              .execute(Tuple.of(receiptId))
              .compose(covers -> {
                JsonArray withdrawn = new JsonArray();
                covers.forEach(c -> withdrawn.add(new JsonObject().put("member", c.getUUID("member_id").toString())
                    .put("from", c.getLocalDate("covered_from").toString()).put("until", c.getLocalDate("covered_until").toString())));
                return conn.preparedQuery("UPDATE receipt SET reversed_at = now(), reversed_by = $2, reversal_reason = $3 WHERE id = $1")
                    .execute(Tuple.of(receiptId, actor.name(), reason))
                    .compose(x -> AuditLog.record(conn, actor, "receipt.reversed", "receipt:" + receiptNumber, new JsonObject().put("reason", reason)
                        .put("amount", amount.amount()).put("currency", amount.currency()).put("journalEntry", entryId)
                        .put("coverWithdrawn", withdrawn)));
              })
              .compose(x -> {
                String text = sms == null ? null : sms.apply(new Reversing(receiptNumber, amount, mutualId,
                    receipt.getString("mutual_code"), receipt.getString("language")));
                if (text == null) return Future.succeededFuture();
                return Outbox.queue(conn, "receipt-reversed:" + receiptNumber, OutboxMessage.Sms.to(receipt.getString("head_msisdn"), text))
                    .mapEmpty();
              })
              // The reversal reaches the external ledger exactly when the receipt it reverses did.
              .compose(x -> ledgerOutbox.enqueueFollowingReceipt(conn, mutualId, entryId))
              .map(x -> (Outcome) new Outcome.Reversed(receiptNumber, amount, entryId)));
  }
}
