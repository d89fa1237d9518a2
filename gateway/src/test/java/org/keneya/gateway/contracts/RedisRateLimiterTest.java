package org.keneya.gateway.contracts;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.keneya.adapters.session.RedisRateLimiter;
import org.keneya.flows.ports.RateLimiter;

class RedisRateLimiterTest extends RateLimiterContract {
  private static TestRedis redis;

  @BeforeAll
  static void connect() {
    redis = new TestRedis(Vertx.vertx());
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected RateLimiter limiter(Clock clock) {
    return new RedisRateLimiter(redis.client(), "keneya-test:" + UUID.randomUUID() + ":", clock);
  }
}
