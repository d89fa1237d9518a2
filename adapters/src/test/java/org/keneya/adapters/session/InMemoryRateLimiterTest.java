package org.keneya.adapters.session;

import org.keneya.adapters.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Counts over different windows side by side: a minute's USSD hops must not wipe an hour's or a day's SMS counts. */
class InMemoryRateLimiterTest {

  private static long count(InMemoryRateLimiter limiter, String key, Duration window) {
    return limiter.count(key, window).toCompletableFuture().join();
  }

  @Test
  void aMinuteCountInALaterMinuteKeepsTheHourlyAndDailyCounts() {
    MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:05Z"));
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
    assertThat(count(limiter, "sms:+22373000001", Duration.ofHours(1))).isEqualTo(1);
    assertThat(count(limiter, "sms:+22373000001", Duration.ofHours(1))).isEqualTo(2);
    assertThat(count(limiter, "sms-unknown:+22373000002", Duration.ofDays(1))).isEqualTo(1);

    // A USSD hop two minutes later, counted over its 60 s window.
    clock.advance(Duration.ofMinutes(2));
    assertThat(count(limiter, "ussd:+22373000003", Duration.ofSeconds(60))).isEqualTo(1);

    assertThat(count(limiter, "sms:+22373000001", Duration.ofHours(1))).isEqualTo(3);
    assertThat(count(limiter, "sms-unknown:+22373000002", Duration.ofDays(1))).isEqualTo(2);
  }

  @Test
  void eachWindowStartsAfreshOnlyWhenItsOwnLengthIsOver() {
    MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:59:30Z"));
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
    assertThat(count(limiter, "k", Duration.ofHours(1))).isEqualTo(1);
    assertThat(count(limiter, "k", Duration.ofDays(1))).isEqualTo(1);
    assertThat(count(limiter, "k", Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(count(limiter, "k", Duration.ofHours(1))).isEqualTo(2);

    clock.advance(Duration.ofMinutes(1));
    assertThat(count(limiter, "k", Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(count(limiter, "k", Duration.ofHours(1))).as("a new hour").isEqualTo(1);
    assertThat(count(limiter, "k", Duration.ofDays(1))).as("the same day").isEqualTo(2);

    clock.advance(Duration.ofHours(14));
    assertThat(count(limiter, "k", Duration.ofDays(1))).as("the next day").isEqualTo(1);
  }
}
