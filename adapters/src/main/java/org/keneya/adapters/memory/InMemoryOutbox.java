package org.keneya.adapters.memory;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.flows.outbox.OutboxMessage;

/** The outbox in memory, with the same leases and dedup keys as {@code PgOutbox}; {@link #rows} shows a test what it holds. */
public final class InMemoryOutbox implements OutboxStore {
  private final InMemoryTables tables;

  public InMemoryOutbox(InMemoryTables tables) {
    this.tables = tables;
  }

  /** A message as the outbox holds it: {@code status} PENDING, DONE or FAILED. */
  public record Row(long id, String dedupKey, OutboxMessage message, String status, int attempts, Instant nextAttemptAt, String result,
      String lastError) {}

  private record Claimed(long id, int attempts, OutboxMessage message) implements OutboxStore.Item {}

  /** Everything queued, in the order it was. */
  public List<Row> rows() {
    synchronized (tables) {
      return tables.outbox.values().stream()
          .map(r -> new Row(r.id, r.dedupKey, r.message, r.status, r.attempts, r.nextAttemptAt, r.result, r.lastError))
          .toList();
    }
  }

  @Override
  public Future<Boolean> queue(String dedupKey, OutboxMessage message) {
    synchronized (tables) {
      return Future.succeededFuture(queueWithin(tables, dedupKey, message));
    }
  }

  /** Queues {@code message} as part of a change the caller holds the tables' lock for. */
  static boolean queueWithin(InMemoryTables tables, String dedupKey, OutboxMessage message) {
    if (tables.outbox.values().stream().anyMatch(r -> r.dedupKey.equals(dedupKey))) return false;
    long id = tables.nextOutboxId();
    tables.outbox.put(id, new InMemoryTables.OutboxRow(id, dedupKey, message, tables.clock.instant()));
    return true;
  }

  @Override
  public Future<List<Item>> claimDueSms(int limit, int leaseSeconds, boolean quietHours) {
    synchronized (tables) {
      Instant now = tables.clock.instant();
      List<Item> claimed = tables.outbox.values().stream()
          .filter(r -> r.pending() && r.message instanceof OutboxMessage.Sms && !r.nextAttemptAt.isAfter(now))
          .filter(r -> !(quietHours && quiet(r)))
          .limit(limit)
          .map(r -> {
            r.nextAttemptAt = now.plusSeconds(leaseSeconds);
            r.attempts++;
            return (Item) new Claimed(r.id, r.attempts, r.message);
          })
          .toList();
      return Future.succeededFuture(claimed);
    }
  }

  private static boolean quiet(InMemoryTables.OutboxRow row) {
    return row.message instanceof OutboxMessage.Sms sms && sms.quiet();
  }

  @Override
  public Future<Integer> deferQuiet(OffsetDateTime until) {
    synchronized (tables) {
      Instant now = tables.clock.instant();
      int moved = 0;
      for (InMemoryTables.OutboxRow row : tables.outbox.values()) {
        if (row.pending() && quiet(row) && !row.nextAttemptAt.isAfter(now)) {
          row.nextAttemptAt = until.toInstant();
          moved++;
        }
      }
      return Future.succeededFuture(moved);
    }
  }

  @Override
  public Future<Set<Long>> cancelPaidReminders(List<Long> ids) {
    synchronized (tables) {
      Set<Long> cancelled = new HashSet<>();
      for (long id : ids) {
        InMemoryTables.OutboxRow row = tables.outbox.get(id);
        if (row == null || !row.pending() || !(row.message instanceof OutboxMessage.Sms sms) || sms.reminderOf() == null) continue;
        boolean paid = tables.receipts.stream().anyMatch(r -> r.householdId().equals(sms.reminderOf()) && !r.reversed()
            && r.receipt().createdAt().isAfter(row.createdAt));
        if (paid) {
          row.status = "DONE";
          cancelled.add(id);
        }
      }
      return Future.succeededFuture(cancelled);
    }
  }

  @Override
  public Future<Void> release(List<Long> ids) {
    synchronized (tables) {
      Instant now = tables.clock.instant();
      for (long id : ids) {
        InMemoryTables.OutboxRow row = tables.outbox.get(id);
        if (row != null && row.pending()) {
          row.nextAttemptAt = now;
          row.attempts = Math.max(row.attempts - 1, 0);
        }
      }
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Void> done(long id, String result) {
    synchronized (tables) {
      InMemoryTables.OutboxRow row = tables.outbox.get(id);
      if (row != null) {
        row.status = "DONE";
        row.result = result;
        row.lastError = null;
      }
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Void> retryLater(long id, String error, int delaySeconds) {
    synchronized (tables) {
      InMemoryTables.OutboxRow row = tables.outbox.get(id);
      if (row != null && row.pending()) {
        row.nextAttemptAt = tables.clock.instant().plusSeconds(delaySeconds);
        row.lastError = error;
      }
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Void> failed(long id, String error) {
    synchronized (tables) {
      InMemoryTables.OutboxRow row = tables.outbox.get(id);
      if (row != null && row.pending()) {
        row.status = "FAILED";
        row.lastError = error;
      }
      return Future.succeededFuture();
    }
  }
}
