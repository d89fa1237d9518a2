package org.keneya.gateway.contracts;

import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keneya.adapters.session.RedisRateLimiter;
import org.keneya.flows.ports.RateLimiter;

class RedisRateLimiterTest extends RateLimiterContract {
  @RegisterExtension
  static final TestRedis REDIS = new TestRedis();

  @Override
  protected RateLimiter limiter(Clock clock) {
    return new RedisRateLimiter(REDIS.client(), "keneya-test:" + UUID.randomUUID() + ":", clock);
  }
}
