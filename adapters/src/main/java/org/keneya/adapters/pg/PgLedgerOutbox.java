package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Journal entries waiting to be posted to the mutual's external ledger: outbox rows of topic
 * {@code ledger}, keyed {@code ledger:<entry id>}, whose payload is the request body of
 * {@link org.keneya.adapters.ledger.ExternalLedgerClient}'s contract. The payload is taken from the
 * journal when the entry is booked, so what is posted is what was booked, however late it goes.
 */
public final class PgLedgerOutbox {
  public static final String TOPIC = Outbox.LEDGER;

  /** Entries not posted beyond a threshold: how many, and how long ago the oldest of them was booked (zero when none). */
  public record Stuck(long count, Duration oldestAge) {}

  /** Queues an entry, built in the database from the journal: one statement, see {@link #enqueue(SqlConnection, String, long, boolean)}. */
  private static final String ENQUEUE = """
      WITH entry AS (
        SELECT j.id, j.mutual_id, j.receipt_id, j.kind, j.memo, r.receipt_number,
               (j.receipt_id IS NULL OR r.id IS NOT NULL) AS receipt_written,
               coalesce(CASE WHEN j.kind = 'receipt' THEN r.paid_on END, (j.created_at AT TIME ZONE 'UTC')::date) AS day,
               (SELECT min(p.currency) FROM posting p WHERE p.entry_id = j.id) AS currency,
               %s AS postings
          FROM journal_entry j LEFT JOIN receipt r ON r.id = j.receipt_id
         WHERE j.id = $2 AND j.mutual_id = $1),
      queued AS (
        INSERT INTO outbox (topic, dedup_key, payload)
        SELECT '%s', 'ledger:' || e.id, %s
          FROM entry e
         WHERE e.receipt_written AND e.postings IS NOT NULL
           AND (NOT $3 OR EXISTS (SELECT 1 FROM journal_entry rj JOIN outbox o ON o.dedup_key = 'ledger:' || rj.id
                                   WHERE rj.receipt_id = e.receipt_id AND rj.kind = 'receipt'))
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING id)
      SELECT (SELECT count(*) FROM entry) AS found,
             (SELECT count(*) FROM entry WHERE receipt_written AND postings IS NOT NULL) AS complete,
             (SELECT count(*) FROM queued) AS queued""".formatted(Outbox.postingsJson("j.id"), TOPIC, Outbox.ledgerEntryJson("e"));

  private final Pool pool;

  public PgLedgerOutbox(Pool pool) {
    this.pool = pool;
  }

  /**
   * Queues journal entry {@code entryId} of {@code mutualId} for posting, on {@code conn} so that it
   * commits or rolls back with the booking. Call it once the entry's postings and its receipt (if
   * any) are written in that transaction. Completes with false when the entry was already queued;
   * fails when the entry is not the mutual's, or not complete yet (which rolls the booking back).
   */
  public Future<Boolean> enqueue(SqlConnection conn, String mutualId, long entryId) {
    return enqueue(conn, mutualId, entryId, false);
  }

  /**
   * As {@link #enqueue(SqlConnection, String, long)}, but only when the receipt the entry belongs
   * to had its own entry queued (completes with false otherwise): a reversal goes to the external
   * ledger exactly when the receipt it reverses went there, whatever the configuration says today.
   */
  public Future<Boolean> enqueueFollowingReceipt(SqlConnection conn, String mutualId, long entryId) {
    return enqueue(conn, mutualId, entryId, true);
  }

  private Future<Boolean> enqueue(SqlConnection conn, String mutualId, long entryId, boolean onlyIfReceiptQueued) {
    // One statement: a receipt's booking calls this while the mutual's receipt counter is locked.
    return conn.preparedQuery(ENQUEUE)
        .execute(Tuple.of(mutualId, entryId, onlyIfReceiptQueued))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong("found") == 0) {
            return Future.failedFuture(new IllegalStateException("no journal entry " + entryId + " of mutual " + mutualId));
          }
          if (row.getLong("complete") == 0) {
            return Future.failedFuture(new IllegalStateException(
                "journal entry " + entryId + " is queued for the external ledger before its postings or receipt are written"));
          }
          return Future.succeededFuture(row.getLong("queued") > 0);
        });
  }

  /** Entries of every mutual booked more than {@code olderThan} ago and still not posted (waiting or given up). */
  public Future<Stuck> stuck(Duration olderThan) {
    return stuck(null, olderThan);
  }

  /** As {@link #stuck(Duration)}, for the entries of {@code mutualId} only (null: every mutual). */
  public Future<Stuck> stuck(String mutualId, Duration olderThan) {
    return pool.preparedQuery("""
            SELECT count(*) AS stuck, coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest_seconds
              FROM outbox
             WHERE topic = '%s' AND status IN ('PENDING', 'FAILED') AND created_at < now() - $1::bigint * interval '1 second'
               AND ($2::text IS NULL OR %s = $2)""".formatted(TOPIC, Outbox.LEDGER_MUTUAL_SQL))
        .execute(Tuple.of(olderThan.toSeconds(), mutualId))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Stuck(row.getLong("stuck"), Duration.ofSeconds(row.getLong("oldest_seconds")));
        });
  }

  /**
   * Puts the entries of {@code mutualId} that were given up back in line, to be posted at once with
   * a fresh count of attempts: after the cause (a wrong key, a missing account) is fixed. Returns
   * how many. Posting them again is safe: the Idempotency-Key makes the receiver keep one copy.
   */
  public Future<Integer> retryFailed(String mutualId) {
    return pool.preparedQuery("""
            UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = now()
             WHERE topic = '%s' AND status = 'FAILED' AND %s = $1""".formatted(TOPIC, Outbox.LEDGER_MUTUAL_SQL))
        .execute(Tuple.of(mutualId))
        .map(rows -> rows.rowCount());
  }
}
