package org.keneya.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.session.InMemoryRateLimiter;

/** The wait told to a throttled caller is what the rate limiter's window has left, on the limiter's clock. */
class ThrottleTest {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:07:30Z"));
  private final Throttle throttle = new Throttle(new InMemoryRateLimiter(clock), clock);

  private Optional<Duration> signIn() {
    return throttle.signIn("awa", "203.0.113.7").toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aThrottledSignInWaitsUntilTheWindowIsOver_thenMayTryAgain() {
    for (int i = 1; i <= Throttle.PER_LOGIN; i++) assertThat(signIn()).as("attempt %d", i).isEmpty();
    // The 15-minute window began at 10:00:00; at 10:07:30 it has 7 min 30 s left (and a second to be sure).
    assertThat(signIn()).contains(Duration.ofSeconds(7 * 60 + 30 + 1));

    clock.advance(Duration.ofMinutes(7).plusSeconds(30));
    assertThat(signIn()).as("a new window").isEmpty();
  }
}
