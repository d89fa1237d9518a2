package org.keneya.adapters.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.keneya.flows.ports.RateLimiter;

/**
 * Fixed-window counts in this process's memory, for a single gateway instance with no Redis configured.
 * Each count keeps its own window length: a minute's USSD hops and a day's SMS replies are counted side by
 * side, and each is forgotten only once its own window is over.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private record Window(long seconds, long number, long uses) {
    boolean over(long nowSeconds) {
      return number < nowSeconds / seconds;
    }
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile long sweptMinute = Long.MIN_VALUE;

  public InMemoryRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Long> count(String key, Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    long nowSeconds = clock.millis() / 1000;
    long current = nowSeconds / seconds;
    long minute = nowSeconds / 60;
    if (minute != sweptMinute) {
      // Memory holds only windows not yet over: swept once a minute, each by its own length.
      sweptMinute = minute;
      windows.values().removeIf(w -> w.over(nowSeconds));
    }
    // The same key counted over two window lengths is two counts, not one reset by the other.
    Window counted = windows.compute(key + "@" + seconds, (k, w) -> w == null || w.number() != current
        ? new Window(seconds, current, 1) : new Window(seconds, current, w.uses() + 1));
    return CompletableFuture.completedFuture(counted.uses());
  }
}
