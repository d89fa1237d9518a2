package org.keneya.gateway.accounts;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.keneya.flows.ports.RateLimiter;

/**
 * Limits password guessing and credential probing, counted in the rate limiter (Redis: across
 * instances). Sign-in attempts are counted before the password is checked, so that parallel guesses
 * cannot slip past the count; bad bearer credentials are counted per source as they fail.
 */
public final class Throttle {
  static final Duration WINDOW = Duration.ofMinutes(15);
  /** Attempts at one login per window: a person who mistypes a few times is never stopped. */
  static final int PER_LOGIN = 10;
  /** Attempts from one address per window, whatever the logins: a clinic or office behind one address signs in a few times a day. */
  static final int PER_SOURCE = 30;
  /** Refused bearer credentials from one address per window. */
  static final int BAD_CREDENTIALS_PER_SOURCE = 20;

  private final RateLimiter limiter;
  private final Clock clock;

  /** @param clock the rate limiter's own, so that the wait told is the one its window has left */
  public Throttle(RateLimiter limiter, Clock clock) {
    this.limiter = limiter;
    this.clock = clock;
  }

  /** Counts a sign-in attempt; answers how long to wait when over either limit, else empty. */
  public Future<Optional<Duration>> signIn(String login, String source) {
    Future<Long> byLogin = Future.fromCompletionStage(limiter.count("sign-in:login:" + login, WINDOW));
    Future<Long> bySource = Future.fromCompletionStage(limiter.count("sign-in:source:" + source, WINDOW));
    return Future.all(byLogin, bySource).map(x -> byLogin.result() > PER_LOGIN || bySource.result() > PER_SOURCE
        ? Optional.of(untilWindowEnds()) : Optional.empty());
  }

  /** Counts a refused bearer credential; answers how long to wait when the source is over its limit, else empty. */
  public Future<Optional<Duration>> badCredential(String source) {
    return Future.fromCompletionStage(limiter.count("bad-credential:source:" + source, WINDOW))
        .map(n -> n > BAD_CREDENTIALS_PER_SOURCE ? Optional.of(untilWindowEnds()) : Optional.empty());
  }

  /** The rate limiters count fixed windows of wall-clock time. */
  private Duration untilWindowEnds() {
    long window = WINDOW.toSeconds();
    long now = clock.millis() / 1000;
    return Duration.ofSeconds(window - now % window + 1);
  }
}
