package org.keneya.gateway.contracts;

import java.time.Clock;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.flows.ports.RateLimiter;

class InMemoryRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter limiter(Clock clock) {
    return new InMemoryRateLimiter(clock);
  }
}
