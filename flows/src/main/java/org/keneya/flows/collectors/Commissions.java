package org.keneya.flows.collectors;

/** A collector's commission on the cash collected. */
public final class Commissions {
  private Commissions() {}

  /** {@code percent} of {@code collected}, in whole units, rounded down: the mutual never pays a franc more than the rate. */
  public static long of(long collected, int percent) {
    if (collected < 0 || percent < 0) throw new IllegalArgumentException("no commission on " + collected + " at " + percent + "%");
    return Math.multiplyExact(collected, (long) percent) / 100;
  }
}
