package org.keneya.adapters.session;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.ports.RateLimiter;

/**
 * Fixed-window counts in Redis: one key per key, window length and window, expiring with it, so every
 * gateway instance counts the same hops, counts over different lengths never touch each other, and
 * nothing needs cleaning up.
 */
public final class RedisRateLimiter implements RateLimiter {
  private final RedisAPI redis;
  private final String prefix;
  private final java.time.Clock clock;

  /** @param keyPrefix what every key of this deployment starts with */
  public RedisRateLimiter(Redis client, String keyPrefix, java.time.Clock clock) {
    this.redis = RedisAPI.api(client);
    this.prefix = keyPrefix + "rate:";
    this.clock = clock;
  }

  @Override
  public CompletionStage<Long> count(String key, Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    String windowKey = prefix + key + ":" + seconds + "s:" + (clock.millis() / 1000 / seconds);
    return redis.incr(windowKey)
        .compose(count -> {
          long uses = count.toLong();
          // Only the first use of a window sets its expiry; later ones need no second round trip.
          return uses == 1 ? redis.expire(List.of(windowKey, Long.toString(seconds + 1))).map(x -> uses) : io.vertx.core.Future.succeededFuture(uses);
        })
        .toCompletionStage();
  }
}
