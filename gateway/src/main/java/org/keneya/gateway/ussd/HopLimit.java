package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.time.Duration;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The most hops one number may make in a window, against abuse. */
public final class HopLimit {
  private static final Logger LOG = LoggerFactory.getLogger(HopLimit.class);

  private final RateLimiter limiter;
  private final KeneyaConfig.RateLimit limit;

  public HopLimit(RateLimiter limiter, KeneyaConfig.RateLimit limit) {
    this.limiter = limiter;
    this.limit = limit;
  }

  /** Counts the hop against its number's limit; true while under it (or when the limit is off). */
  Future<Boolean> allows(Msisdn caller) {
    if (limit.hops() == 0) return Future.succeededFuture(true);
    return Future.fromCompletionStage(limiter.count(caller.e164(), Duration.ofSeconds(limit.windowSeconds())))
        .map(uses -> {
          // Logged once per window, when the limit is first passed, so that abuse cannot flood the log.
          if (uses == limit.hops() + 1) LOG.warn("rate limit passed by {}: over {} hops in {} s", caller.masked(), limit.hops(), limit.windowSeconds());
          return uses <= limit.hops();
        });
  }
}
