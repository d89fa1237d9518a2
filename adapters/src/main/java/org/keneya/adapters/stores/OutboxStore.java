package org.keneya.adapters.stores;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * Messages left to send once the change that made them is kept, each sent at least once: a claimed
 * message is leased, not locked, and is due again if whoever claimed it says nothing before the lease ends.
 */
public interface OutboxStore {
  /** A claimed message and how often it has been claimed, this time included. */
  interface Item {
    long id();

    int attempts();

    /** What to send; fails with IllegalArgumentException when what was stored cannot be read (then only this item fails). */
    OutboxMessage message();
  }

  /** Queues {@code message}, due at once; a second call with the same {@code dedupKey} queues nothing (completes with false). */
  Future<Boolean> queue(String dedupKey, OutboxMessage message);

  /** Queues an SMS sent at any hour, as {@link #queue} does. */
  default Future<Boolean> enqueueSms(String dedupKey, String to, String text) {
    return queue(dedupKey, OutboxMessage.Sms.to(to, text));
  }

  /**
   * Claims up to {@code limit} SMS that are due, the oldest queued first (answered in no particular order), each
   * leased for {@code leaseSeconds} and its attempt counted; with {@code quietHours}, none that waits out the quiet
   * hours. Claims at once never share an item.
   */
  Future<List<Item>> claimDueSms(int limit, int leaseSeconds, boolean quietHours);

  /** Moves the quiet SMS due now to {@code until} (the end of the quiet hours); completes with how many moved. */
  Future<Integer> deferQuiet(OffsetDateTime until);

  /**
   * Of the claimed {@code ids}, sets aside (done, unsent) the payment reminders whose household has been given a receipt
   * since they were queued; completes with the ids set aside.
   */
  Future<Set<Long>> cancelPaidReminders(List<Long> ids);

  /** Puts claimed items back, due at once, their attempt not counted: held back by us, not refused by the transport. */
  Future<Void> release(List<Long> ids);

  /** Sent: never claimed again. {@code result} is the transport's id of it. */
  Future<Void> done(long id, String result);

  /** Not sent this time: due again in {@code delaySeconds}. Nothing is done to an item no longer pending. */
  Future<Void> retryLater(long id, String error, int delaySeconds);

  /** Given up: never claimed again. Nothing is done to an item no longer pending. */
  Future<Void> failed(long id, String error);
}
