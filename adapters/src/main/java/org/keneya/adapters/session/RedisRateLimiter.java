package org.keneya.adapters.session;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.ports.RateLimiter;

/**
 * Fixed-window counts in Redis: one key per window, expiring with it, so every gateway instance
 * counts the same hops and nothing needs cleaning up.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final String COUNT_SCRIPT =
      "local uses = redis.call('INCR', KEYS[1]) if uses == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return uses";

  private final RedisAPI redis;
  private final String prefix;

  /** @param keyPrefix what every key of this deployment starts with */
  public RedisRateLimiter(Redis client, String keyPrefix) {
    this.redis = RedisAPI.api(client);
    this.prefix = keyPrefix + "rate:";
  }

  @Override
  public CompletionStage<Long> count(String key, Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    String windowKey = prefix + key + ":" + (System.currentTimeMillis() / 1000 / seconds);
    // One round trip: count, and set the window's expiry on its first use.
    return redis.eval(List.of(COUNT_SCRIPT, "1", windowKey, Long.toString(seconds + 1)))
        .map(count -> count.toLong())
        .toCompletionStage();
  }
}
