package org.keneya.gateway.payments;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most SMS all gateway instances together send in a clock hour ({@code sms.maxPerHour}), counted
 * in the shared rate limiter: a flood of answers or a runaway campaign costs the mutual at most that.
 * What is over waits in the outbox for the next hour.
 */
final class SmsBudget {
  private static final Logger LOG = LoggerFactory.getLogger(SmsBudget.class);
  static final String KEY = "sms-budget";
  private static final Duration HOUR = Duration.ofHours(1);

  private final RateLimiter limiter;
  private final int maxPerHour;
  private final Clock clock;
  private final Metrics metrics;
  /** The hour (since the epoch) this instance last counted in, and that hour's count as the limiter answered it. */
  private long countedHour = Long.MIN_VALUE;
  private long counted;
  private volatile long unavailableLoggedMinute = Long.MIN_VALUE;

  /** @param maxPerHour 0: no budget */
  SmsBudget(RateLimiter limiter, int maxPerHour, Clock clock, Metrics metrics) {
    this.limiter = limiter;
    this.maxPerHour = maxPerHour;
    this.clock = clock;
    this.metrics = metrics;
    if (maxPerHour > 0) {
      Gauge.builder("keneya_sms_budget_remaining", this, SmsBudget::remaining)
          .description("SMS that may still be sent this hour (as this instance last counted)").register(metrics.registry());
    }
  }

  private long hour() {
    return clock.millis() / HOUR.toMillis();
  }

  private synchronized double remaining() {
    return hour() == countedHour ? Math.max(0, maxPerHour - counted) : maxPerHour;
  }

  private synchronized void record(long hour, long count) {
    if (hour != countedHour || count > counted) {
      countedHour = hour;
      counted = count;
    }
  }

  /** Whether this hour's budget is known to be spent: no need to claim messages only to put them back. */
  synchronized boolean spent() {
    return maxPerHour > 0 && hour() == countedHour && counted >= maxPerHour;
  }

  /**
   * Takes one SMS from this hour's budget; false when it is spent (the SMS must wait for the next hour)
   * or cannot be counted now.
   */
  Future<Boolean> take() {
    if (maxPerHour == 0) return Future.succeededFuture(true);
    long hour = hour();
    return Future.fromCompletionStage(limiter.count(KEY, HOUR)).map(count -> {
      record(hour, count);
      // The one count just past the budget, whichever instance draws it, says so once for the hour.
      if (count == maxPerHour + 1) {
        metrics.smsBudgetReached();
        LOG.warn("SMS budget of {} an hour reached: further SMS wait in the outbox for the next hour", maxPerHour);
      }
      return count <= maxPerHour;
    }).recover(e -> {
      // Uncounted is not sent: the SMS waits in the outbox, nothing spent, until the count answers again.
      long minute = clock.millis() / 60_000;
      if (minute != unavailableLoggedMinute) {
        unavailableLoggedMinute = minute;
        LOG.warn("SMS budget cannot be counted, SMS wait in the outbox: {}", e.toString());
      }
      return Future.succeededFuture(false);
    });
  }
}
