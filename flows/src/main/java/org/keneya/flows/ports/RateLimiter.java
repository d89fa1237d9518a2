package org.keneya.flows.ports;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Counts uses of a key over fixed windows, shared by every gateway instance when backed by Redis. */
public interface RateLimiter {
  /** Counts one more use of {@code key}; answers how many uses its current {@code window} holds, this one included. */
  CompletionStage<Long> count(String key, Duration window);
}
