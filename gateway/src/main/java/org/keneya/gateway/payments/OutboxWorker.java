package org.keneya.gateway.payments;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.config.RemindersConfig;
import org.keneya.flows.messages.SmsLength;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.retry.Backoff;
import org.keneya.flows.ports.SmsSender;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.sms.SmsDestinations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the SMS that committed transactions left in the outbox. An SMS whose sending was
 * interrupted by a crash is sent again after its lease (at least once; the receipt itself is never
 * created twice). Refusals that cannot succeed are marked failed; others are retried with backoff.
 * Messages marked quiet (reminders, rights notices) wait out the quiet hours; a reminder whose
 * household paid after it was queued is set aside, not sent. Every SMS passes here, so here a number
 * outside the deployment's countries and wallets is refused (marked failed, never sent) and the hourly
 * budget holds what is over it in the outbox until the next hour.
 */
public final class OutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  static final int MAX_ATTEMPTS = 8;
  static final String DESTINATION_NOT_ALLOWED = "destination_not_allowed";

  private final PgOutbox outbox;
  private final SmsSender sms;
  private final Metrics metrics;
  private final ThroughputLimit limit;
  private final RemindersConfig quietHours;
  private final java.time.Clock clock;
  private final SmsDestinations destinations;
  private final SmsBudget budget;
  private final AtomicBoolean draining = new AtomicBoolean();

  /**
   * @param maxPerSecond the most SMS handed to the transport in any second (the aggregator's or
   *     SMSC's throughput contract); what is over waits in the outbox, where a restart loses nothing
   * @param destinations the numbers SMS may go to
   * @param budgetCounter where every instance counts the SMS of the hour
   * @param maxPerHour the most SMS all instances send in an hour; 0: no budget
   */
  public OutboxWorker(PgOutbox outbox, SmsSender sms, Metrics metrics, int maxPerSecond, RemindersConfig quietHours, java.time.Clock clock,
      SmsDestinations destinations, RateLimiter budgetCounter, int maxPerHour) {
    this.outbox = outbox;
    this.sms = sms;
    this.metrics = metrics;
    this.limit = new ThroughputLimit(maxPerSecond, clock);
    this.quietHours = quietHours;
    this.clock = clock;
    this.destinations = destinations;
    this.budget = new SmsBudget(budgetCounter, maxPerHour, clock, metrics);
  }

  /**
   * Sends rounds of up to {@code batch} while full rounds come back and the throughput limit allows
   * (a campaign's thousands go at the transport's pace, not one round a tick); completes with how
   * many were handled. A drain already under way in this instance makes this one return at once.
   */
  public Future<Integer> drain(int batch) {
    if (!draining.compareAndSet(false, true)) return Future.succeededFuture(0);
    return rounds(batch, 0).onComplete(x -> draining.set(false));
  }

  private Future<Integer> rounds(int batch, int handled) {
    return sendDue(batch).compose(n -> n == batch ? rounds(batch, handled + n) : Future.succeededFuture(handled + n));
  }

  /** Sends one round of what is due, at once (the transport's window bounds how many are in flight); completes with how many were handled. */
  public Future<Integer> sendDue(int batch) {
    // Spent for this hour: nothing is claimed only to be put back.
    if (budget.spent()) return Future.succeededFuture(0);
    int allowed = limit.take(batch);
    if (allowed == 0) return Future.succeededFuture(0);
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock);
    boolean quiet = quietHours.quiet(now);
    Future<Integer> deferred = quiet ? outbox.deferQuiet(quietHours.quietEnds(now).toOffsetDateTime()) : Future.succeededFuture(0);
    return deferred.compose(x -> outbox.claimDue("sms", allowed, 120, quiet)).compose(items -> {
      limit.giveBack(allowed - items.size());
      List<Long> reminders = items.stream().filter(OutboxWorker::isReminder).map(PgOutbox.Item::id).toList();
      Future<Set<Long>> cancelled = reminders.isEmpty() ? Future.succeededFuture(Set.of()) : outbox.cancelPaidReminders(reminders);
      return cancelled.compose(paid -> {
        List<Long> ids = new ArrayList<>();
        List<Future<Boolean>> sends = new ArrayList<>();
        for (PgOutbox.Item item : items) {
          if (paid.contains(item.id())) {
            metrics.sms("cancelled");
            LOG.info("sms set aside outbox={}: the household paid after this reminder was queued", item.id());
          } else {
            ids.add(item.id());
            sends.add(sendWithinBudget(item));
          }
        }
        return Future.join(sends).transform(x -> {
          // Those over the hour's budget go back as they were, due again, no attempt spent.
          List<Long> held = new ArrayList<>();
          for (int i = 0; i < sends.size(); i++) {
            if (sends.get(i).succeeded() && !sends.get(i).result()) held.add(ids.get(i));
          }
          limit.giveBack(held.size());
          return outbox.release(held).map(items.size() - held.size());
        });
      });
    });
  }

  /** Sends {@code item} if its number is allowed and the hour's budget is not spent; false when it must wait for the next hour. */
  private Future<Boolean> sendWithinBudget(PgOutbox.Item item) {
    OutboxMessage.Sms sms;
    try {
      sms = (OutboxMessage.Sms) item.message();
    } catch (IllegalArgumentException e) {
      metrics.sms("failed");
      LOG.error("sms unreadable, given up outbox={}: {}", item.id(), e.getMessage());
      return outbox.failed(item.id(), "unreadable payload: " + e.getMessage()).map(true);
    }
    String number = sms.to();
    if (!destinations.allowed(number)) {
      metrics.sms("refused_destination");
      LOG.warn("sms refused outbox={} to={}: not a number of the deployment's countries or wallets", item.id(), masked(number));
      return outbox.failed(item.id(), DESTINATION_NOT_ALLOWED).map(true);
    }
    return budget.take().compose(within -> {
      if (!within) {
        metrics.sms("held_budget");
        return Future.succeededFuture(false);
      }
      return send(item, sms).map(true);
    });
  }

  /** A payment reminder, set aside when its household paid after it was queued; an unreadable row is none (it fails when sent). */
  private static boolean isReminder(PgOutbox.Item item) {
    try {
      return item.message() instanceof OutboxMessage.Sms sms && sms.reminderOf() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String masked(String number) {
    try {
      return new Msisdn(number).masked();
    } catch (IllegalArgumentException e) {
      return "(not a phone number)";
    }
  }

  private Future<Void> send(PgOutbox.Item item, OutboxMessage.Sms message) {
    Msisdn to = new Msisdn(message.to());
    return Future.fromCompletionStage(sms.send(to, message.text()))
        .compose(messageId -> {
          metrics.sms("sent");
          String text = message.text();
          int parts = SmsLength.parts(text);
          metrics.smsParts(SmsLength.isGsm7(text) ? "gsm7" : "ucs2", parts);
          LOG.info("sms sent outbox={} to={} messageId={} parts={}", item.id(), to.masked(), messageId, parts);
          return outbox.done(item.id(), messageId);
        })
        .recover(e -> {
          boolean permanent = e instanceof RemoteFailure rejected && rejected.permanent();
          if (permanent || item.attempts() >= MAX_ATTEMPTS) {
            metrics.sms("failed");
            LOG.error("sms given up outbox={} to={} after {} attempts: {}", item.id(), to.masked(), item.attempts(), e.getMessage());
            return outbox.failed(item.id(), e.getMessage());
          }
          metrics.sms("retry");
          int delay = delaySeconds(item.attempts());
          LOG.warn("sms not sent outbox={} to={} attempt={} retry in {}s: {}", item.id(), to.masked(), item.attempts(), delay, e.toString());
          return outbox.retryLater(item.id(), String.valueOf(e.getMessage()), delay);
        });
  }

  /** 15 s at first, doubling, at most an hour. */
  private static final Backoff RETRY = Backoff.doubling(15, 3600);

  static int delaySeconds(int attempts) {
    return (int) RETRY.delay(attempts);
  }
}
