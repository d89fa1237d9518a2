package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * Work written in the same transaction as the business change (a receipt's SMS) and carried out
 * after it commits. Rows are leased, not held locked, so no transaction stays open during a remote call.
 */
public final class PgOutbox {
  /** A claimed row; its message is read when it is handled, so that one unreadable row fails alone. */
  public record Item(long id, String topic, JsonObject payload, int attempts) {
    /** The message this row holds; fails with IllegalArgumentException when its payload is unreadable. */
    public OutboxMessage message() {
      return Outbox.read(topic, payload);
    }
  }

  private final Pool pool;

  public PgOutbox(Pool pool) {
    this.pool = pool;
  }

  private static final String AGAIN = ":again";

  /** A sent SMS, as a delivery report finds it by the transport's message id. */
  public record SentSms(long id, String dedupKey, OutboxMessage message, int redeliveries) {}

  /**
   * Records what the network said of the SMS the transport knows as {@code messageId}; empty when
   * we sent no such message (a report for another sender, or forged).
   */
  public Future<java.util.Optional<SentSms>> recordDelivery(String messageId, String status, String failure) {
    return pool.preparedQuery("""
        UPDATE outbox SET delivery_status = $2, delivery_failure = $3, delivery_updated_at = now()
         WHERE topic = '%s' AND result = $1
        RETURNING id, dedup_key, payload""".formatted(Outbox.SMS))
        .execute(Tuple.of(messageId, status, failure))
        .map(rows -> {
          if (rows.size() == 0) return java.util.Optional.<SentSms>empty();
          io.vertx.sqlclient.Row row = rows.iterator().next();
          String key = row.getString("dedup_key");
          // Each redelivery is queued under its original's key with ":again" added: their count is how often it was sent again.
          int redeliveries = (key.length() - key.replace(AGAIN, "").length()) / AGAIN.length();
          return java.util.Optional.of(new SentSms(row.getLong("id"), key, Outbox.read(Outbox.SMS, row.getJsonObject("payload")), redeliveries));
        });
  }

  /** Queues {@code sent} again, after {@code delaySeconds}, once per redelivery number; false when that one was already queued. */
  public Future<Boolean> redeliver(SentSms sent, int delaySeconds) {
    return Outbox.queueRedelivery(pool, sent.dedupKey() + AGAIN, sent.message(), delaySeconds, sent.id());
  }

  /** Whether a message with {@code dedupKey} was ever queued. */
  public Future<Boolean> exists(String dedupKey) {
    return pool.preparedQuery("SELECT 1 FROM outbox WHERE dedup_key = $1").execute(Tuple.of(dedupKey)).map(rows -> rows.size() > 0);
  }

  /** Queues an SMS; a second call with the same {@code dedupKey} queues nothing (returns false). */
  public Future<Boolean> enqueueSms(String dedupKey, String to, String message) {
    return Outbox.queue(pool, dedupKey, OutboxMessage.Sms.to(to, message));
  }

  /** Claims due items of {@code topic}, leasing each for {@code leaseSeconds} in case this instance dies while sending. */
  public Future<List<Item>> claimDue(String topic, int limit, int leaseSeconds) {
    return claimDue(topic, limit, leaseSeconds, false);
  }

  /**
   * Claims due items of {@code topic} as {@link #claimDue(String, int, int)} does; with {@code quietHours},
   * none whose payload is marked {@code quiet} (reminders, notices: they wait for the morning).
   */
  public Future<List<Item>> claimDue(String topic, int limit, int leaseSeconds, boolean quietHours) {
    return pool.preparedQuery("""
        UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $3), attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE status = 'PENDING' AND topic = $1 AND next_attempt_at <= now()
                         AND NOT ($4 AND %s)
                       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id, topic, payload, attempts""".formatted(Outbox.QUIET_SQL))
        .execute(Tuple.of(topic, limit, leaseSeconds, quietHours))
        .map(rows -> {
          List<Item> items = new ArrayList<>();
          for (Row r : rows) items.add(new Item(r.getLong("id"), r.getString("topic"), r.getJsonObject("payload"), r.getInteger("attempts")));
          return items;
        });
  }

  /**
   * Moves the quiet messages due now to {@code until} (the end of the quiet hours), so that they
   * stop being looked at all night.
   */
  public Future<Integer> deferQuiet(java.time.OffsetDateTime until) {
    return pool.preparedQuery("""
        UPDATE outbox SET next_attempt_at = $1
         WHERE status = 'PENDING' AND topic = '%s' AND next_attempt_at <= now() AND %s""".formatted(Outbox.SMS, Outbox.QUIET_SQL))
        .execute(Tuple.of(until)).map(rows -> rows.rowCount());
  }

  /**
   * Of the claimed {@code ids}, sets aside the reminders whose household has paid since they were
   * queued (a payment during the quiet hours, or while the campaign waited its turn): nobody is
   * asked to pay what they just paid. Returns the ids set aside.
   */
  public Future<java.util.Set<Long>> cancelPaidReminders(List<Long> ids) {
    return pool.preparedQuery("""
        UPDATE outbox o SET status = 'DONE', done_at = now(), delivery_status = 'CANCELLED',
               delivery_failure = 'paid before it was sent', delivery_updated_at = now()
         WHERE o.id = ANY($1) AND o.status = 'PENDING' AND %s
           AND EXISTS (SELECT 1 FROM receipt r WHERE r.household_id = %s
                          AND r.created_at > o.created_at AND r.reversed_at IS NULL)
        RETURNING o.id""".formatted(Outbox.REMINDER_SQL, Outbox.REMINDED_HOUSEHOLD_SQL))
        .execute(Tuple.of(ids.toArray(new Long[0])))
        .map(rows -> {
          java.util.Set<Long> cancelled = new java.util.HashSet<>();
          for (Row r : rows) cancelled.add(r.getLong(0));
          return cancelled;
        });
  }

  /**
   * Puts claimed items back, due at once, as if they had not been claimed: their lease is lifted and the
   * attempt not counted (they were held back by us, not refused by the transport).
   */
  public Future<Void> release(List<Long> ids) {
    if (ids.isEmpty()) return Future.succeededFuture();
    return pool.preparedQuery("""
        UPDATE outbox SET next_attempt_at = now(), attempts = GREATEST(attempts - 1, 0) WHERE id = ANY($1) AND status = 'PENDING'""")
        .execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
  }

  public Future<Void> done(long id, String result) {
    return pool.preparedQuery("UPDATE outbox SET status = 'DONE', done_at = now(), result = $2, last_error = NULL WHERE id = $1")
        .execute(Tuple.of(id, result)).mapEmpty();
  }

  public Future<Void> retryLater(long id, String error, int delaySeconds) {
    return pool.preparedQuery("UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $3), last_error = $2 WHERE id = $1 AND status = 'PENDING'")
        .execute(Tuple.of(id, error, delaySeconds)).mapEmpty();
  }

  public Future<Void> failed(long id, String error) {
    return pool.preparedQuery("UPDATE outbox SET status = 'FAILED', last_error = $2 WHERE id = $1 AND status = 'PENDING'")
        .execute(Tuple.of(id, error)).mapEmpty();
  }

  /** How many items wait, per topic: a number an operator watches. */
  public Future<Long> pending() {
    return pool.query("SELECT count(*) FROM outbox WHERE status = 'PENDING'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
