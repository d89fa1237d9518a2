package org.keneya.adapters.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.keneya.flows.ports.RateLimiter;

/** Fixed-window counts in this process's memory, for a single gateway instance with no Redis configured. */
public final class InMemoryRateLimiter implements RateLimiter {
  private record Window(long number, long uses) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile long sweptWindow = -1;

  public InMemoryRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Long> count(String key, Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    long current = clock.millis() / 1000 / seconds;
    if (current != sweptWindow) {
      // Counts of past windows are dropped once a window, so memory holds only the numbers seen lately.
      sweptWindow = current;
      windows.values().removeIf(w -> w.number() < current);
    }
    Window counted = windows.compute(key, (k, w) -> w == null || w.number() != current ? new Window(current, 1) : new Window(current, w.uses() + 1));
    return CompletableFuture.completedFuture(counted.uses());
  }
}
