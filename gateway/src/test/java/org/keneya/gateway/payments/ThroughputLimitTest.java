package org.keneya.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputLimitTest {
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
  };

  @Test
  void noMoreThanTheContractInAnySecond_theRestWaitsForTheNext() {
    ThroughputLimit limit = new ThroughputLimit(20, clock);
    assertThat(limit.take(50)).isEqualTo(20);
    assertThat(limit.take(50)).isZero();
    millis.addAndGet(999);
    assertThat(limit.take(5)).isZero();
    millis.addAndGet(1);
    assertThat(limit.take(5)).isEqualTo(5);
    assertThat(limit.take(50)).isEqualTo(15);
    millis.addAndGet(1000);
    assertThat(limit.take(0)).isZero();
    assertThat(limit.take(7)).isEqualTo(7);
  }
}
