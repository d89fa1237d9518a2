package org.keneya.gateway.payments;

import java.time.Clock;

/** At most {@code perSecond} sends in any calendar second, as a transport's contract allows. */
final class ThroughputLimit {
  private final int perSecond;
  private final Clock clock;
  private long second = Long.MIN_VALUE;
  private int taken;

  ThroughputLimit(int perSecond, Clock clock) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /** How many of {@code wanted} sends may go now; those granted count against this second. */
  synchronized int take(int wanted) {
    long now = Math.floorDiv(clock.millis(), 1000);
    if (now != second) {
      second = now;
      taken = 0;
    }
    int granted = Math.max(0, Math.min(wanted, perSecond - taken));
    taken += granted;
    return granted;
  }

  /** Returns sends granted but not made (fewer were waiting), if still in the same second. */
  synchronized void giveBack(int unused) {
    if (Math.floorDiv(clock.millis(), 1000) == second) taken = Math.max(0, taken - unused);
  }
}
