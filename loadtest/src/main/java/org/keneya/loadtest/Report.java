package org.keneya.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a window's measurements into the lines the load test prints. */
final class Report {
  private Report() {}

  static double hopsPerSecond(long hops, double seconds) {
    return seconds <= 0 ? 0 : hops / seconds;
  }

  static List<String> results(Measurements measured, double seconds, int concurrency) {
    List<String> lines = new ArrayList<>();
    Measurements.Latency latency = measured.latency();
    lines.add(format("  hops             %d in %.1f s = %.1f hops/s (%d concurrent callers)",
        measured.hopCount(), seconds, hopsPerSecond(measured.hopCount(), seconds), concurrency));
    lines.add(format("  latency          p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms",
        latency.p50(), latency.p95(), latency.p99(), latency.max()));
    lines.add(format("  errors           %d%s", measured.errors(),
        measured.failedSessions() > 0 ? " (" + measured.failedSessions() + " sessions abandoned)" : ""));
    lines.add(format("  sessions         %d rights checks, %d payments (%.1f sessions/s)",
        measured.rightsSessions(), measured.paymentSessions(),
        (measured.rightsSessions() + measured.paymentSessions()) / Math.max(seconds, 1e-9)));
    lines.add(format("  payments         %d requested (%.1f/s)", measured.paymentsRequested(),
        measured.paymentsRequested() / Math.max(seconds, 1e-9)));
    lines.add("  latency by step  " + format("%-32s %9s %9s %9s %9s %9s", "", "hops", "p50 ms", "p95 ms", "p99 ms", "max ms"));
    for (Map.Entry<Step, Measurements.Latency> step : measured.latencyByStep().entrySet()) {
      Measurements.Latency l = step.getValue();
      lines.add("                   " + format("%-32s %9d %9.2f %9.2f %9.2f %9.2f",
          step.getKey().label, l.count(), l.p50(), l.p95(), l.p99(), l.max()));
    }
    if (!measured.errorSamples().isEmpty()) {
      lines.add("  first errors:");
      measured.errorSamples().forEach(sample -> lines.add("    " + sample));
    }
    return lines;
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
