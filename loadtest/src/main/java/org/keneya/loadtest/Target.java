package org.keneya.loadtest;

import java.util.Locale;

/** The throughput and tail latency the issue asks for on this 2-core machine, load generator included. */
record Target(double hopsPerSecond, double p99Millis) {
  static final Target ISSUE = new Target(2000, 50);

  boolean metBy(double measuredHopsPerSecond, Measurements.Latency latency) {
    return latency.count() > 0 && measuredHopsPerSecond >= hopsPerSecond && latency.p99() < p99Millis;
  }

  /** One line starting with TARGET MET or TARGET MISSED, saying which figure fell short. */
  String verdict(double measuredHopsPerSecond, Measurements.Latency latency) {
    String figures = String.format(Locale.ROOT, "%.0f hops/s (target >= %.0f), p99 %.2f ms (target < %.0f ms)",
        measuredHopsPerSecond, hopsPerSecond, latency.p99(), p99Millis);
    if (metBy(measuredHopsPerSecond, latency)) return "TARGET MET: " + figures;
    StringBuilder why = new StringBuilder();
    if (latency.count() == 0) why.append("no hop was measured");
    if (latency.count() > 0 && measuredHopsPerSecond < hopsPerSecond) why.append("throughput too low");
    if (latency.count() > 0 && latency.p99() >= p99Millis) why.append(why.length() > 0 ? " and " : "").append("p99 too high");
    return "TARGET MISSED (" + why + "): " + figures;
  }
}
