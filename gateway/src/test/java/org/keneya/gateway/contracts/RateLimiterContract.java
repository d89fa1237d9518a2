package org.keneya.gateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.MovableClock;
import org.keneya.flows.ports.RateLimiter;

/**
 * What every {@link RateLimiter} promises, run against each implementation: fixed windows, each
 * key and each window length counted on its own (a minute's USSD hops must not wipe an hour's or a
 * day's SMS counts), and no use lost or counted twice when uses race.
 */
abstract class RateLimiterContract {
  /** A limiter of its own for each test, reading {@code clock}. */
  protected abstract RateLimiter limiter(Clock clock);

  private static long count(RateLimiter limiter, String key, Duration window) {
    return limiter.count(key, window).toCompletableFuture().join();
  }

  @Test
  void aMinuteCountInALaterMinuteKeepsTheHourlyAndDailyCounts() {
    MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:05Z"));
    RateLimiter limiter = limiter(clock);
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
    RateLimiter limiter = limiter(clock);
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

  @Test
  void eachKeyIsCountedOnItsOwn() {
    RateLimiter limiter = limiter(new MovableClock(Instant.parse("2026-11-23T10:00:00Z")));
    assertThat(count(limiter, "ussd:+22373000001", Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(count(limiter, "ussd:+22373000001", Duration.ofSeconds(60))).isEqualTo(2);
    assertThat(count(limiter, "ussd:+22373000002", Duration.ofSeconds(60))).isEqualTo(1);
  }

  @Test
  void usesAtOnceFromManyThreadsAreEachCountedOnce() throws Exception {
    RateLimiter limiter = limiter(new MovableClock(Instant.parse("2026-11-23T10:00:00Z")));
    int uses = 40;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<Long>>> racing = new ArrayList<>();
      for (int i = 0; i < uses; i++) {
        racing.add(threads.submit(() -> {
          start.await();
          return limiter.count("sms-budget", Duration.ofHours(1)).toCompletableFuture();
        }));
      }
      start.countDown();
      List<Long> counts = new ArrayList<>();
      for (Future<CompletableFuture<Long>> use : racing) counts.add(use.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
      assertThat(counts).as("each use told its own place in the window").containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, uses).boxed().toList());
    } finally {
      threads.shutdownNow();
    }
  }
}
