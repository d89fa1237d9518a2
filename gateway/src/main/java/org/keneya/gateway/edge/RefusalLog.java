package org.keneya.gateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a refusal from a source is worth a log line: the first of each minute per source and
 * kind is, the others only count in the metrics, so that a flood of refused requests cannot flood
 * the log as well.
 */
public final class RefusalLog {
  /** Measured on the stopwatch: how often a line is written needs no time of day, nor a clock a test moves. */
  private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Beyond this many remembered sources the memory is cleared: a spray of addresses costs log lines, not memory. */
  private static final int MAX_SOURCES = 10_000;

  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  public RefusalLog() {}

  /** True for the first refusal of {@code kind} from {@code source} in a minute. */
  boolean first(String kind, String source) {
    long now = System.nanoTime();
    String key = kind + "|" + source;
    Long last = lastLogged.get(key);
    if (last != null && now - last < EVERY_NANOS) return false;
    if (lastLogged.size() > MAX_SOURCES) lastLogged.clear();
    lastLogged.put(key, now);
    return true;
  }
}
