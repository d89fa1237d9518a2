package org.keneya.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What the callers saw during one window: every hop's latency (overall and per step), the errors
 * and the sessions. Not thread-safe: every caller runs on the load generator's single event loop.
 */
final class Measurements {
  /** A hop slower than the aggregator's own patience (about 10 s) is a failure anyway; 60 s leaves room. */
  static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.SECONDS.toMicros(60);
  static final int ERROR_SAMPLES = 5;

  private final Histogram hops = histogram();
  private final Map<Step, Histogram> steps = new EnumMap<>(Step.class);
  private final List<String> errorSamples = new ArrayList<>();
  private long errors;
  private long rightsSessions;
  private long paymentSessions;
  private long paymentsRequested;
  private long failedSessions;

  private static Histogram histogram() {
    return new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
  }

  void hop(Step step, long micros) {
    long bounded = Math.max(1, Math.min(micros, HIGHEST_TRACKABLE_MICROS));
    hops.recordValue(bounded);
    steps.computeIfAbsent(step, s -> histogram()).recordValue(bounded);
  }

  void error(String description) {
    errors++;
    if (errorSamples.size() < ERROR_SAMPLES) errorSamples.add(description);
  }

  void rightsSessionDone() {
    rightsSessions++;
  }

  void paymentSessionDone() {
    paymentSessions++;
  }

  void paymentRequested() {
    paymentsRequested++;
  }

  void sessionFailed() {
    failedSessions++;
  }

  long hopCount() {
    return hops.getTotalCount();
  }

  long errors() {
    return errors;
  }

  List<String> errorSamples() {
    return Collections.unmodifiableList(errorSamples);
  }

  long rightsSessions() {
    return rightsSessions;
  }

  long paymentSessions() {
    return paymentSessions;
  }

  long paymentsRequested() {
    return paymentsRequested;
  }

  long failedSessions() {
    return failedSessions;
  }

  Latency latency() {
    return Latency.of(hops);
  }

  /** Per step, in the order callers meet them; steps no caller reached are left out. */
  Map<Step, Latency> latencyByStep() {
    Map<Step, Latency> result = new EnumMap<>(Step.class);
    steps.forEach((step, histogram) -> result.put(step, Latency.of(histogram)));
    return result;
  }

  /** Latency percentiles of a set of hops, in milliseconds. */
  record Latency(long count, double p50, double p95, double p99, double max) {
    static Latency of(Histogram histogram) {
      if (histogram.getTotalCount() == 0) return new Latency(0, 0, 0, 0, 0);
      return new Latency(histogram.getTotalCount(),
          millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(95)),
          millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }
}
