package org.keneya.flows.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  @ParameterizedTest(name = "first {0}, factor {1}, cap {2}: wait {4} after {3} retries")
  @CsvSource({
      "15, 2, 3600, 0, 15", "15, 2, 3600, 1, 30", "15, 2, 3600, 7, 1920", "15, 2, 3600, 8, 3600", "15, 2, 3600, 60, 3600",
      "10, 2, 100, 0, 10", "10, 2, 100, 3, 80", "10, 2, 100, 4, 100",
      "1000, 2, 60000, 5, 32000", "1000, 2, 60000, 6, 60000",
      "50, 2, 9223372036854775807, 3, 400", "50, 2, 9223372036854775807, 200, 9223372036854775807",
      "5, 3, 100, 2, 45", "5, 3, 100, 3, 100",
      "7, 1, 7, 9, 7",
      "0, 2, 0, 5, 0"})
  void waits(long first, int factor, long cap, int retried, long expected) {
    assertThat(new Backoff(first, factor, cap).delay(retried)).isEqualTo(expected);
  }

  @Property
  void isFirstTimesFactorToThePowerOfRetriesUpToTheCap(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long first,
      @ForAll @IntRange(min = 1, max = 10) int factor, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long aboveFirst,
      @ForAll @IntRange(min = 0, max = 200) int retried) {
    long cap = first + aboveFirst;
    BigInteger exact = BigInteger.valueOf(first).multiply(BigInteger.valueOf(factor).pow(retried));
    long expected = exact.min(BigInteger.valueOf(cap)).longValueExact();
    Backoff backoff = new Backoff(first, factor, cap);
    assertThat(backoff.delay(retried)).isEqualTo(expected);
    assertThat(backoff.delay(retried + 1)).isGreaterThanOrEqualTo(backoff.delay(retried));
  }

  @ParameterizedTest
  @CsvSource({"-1, 2, 10", "10, 0, 10", "10, 2, 9"})
  void refusesAPolicyThatCannotHold(long first, int factor, long cap) {
    assertThatThrownBy(() -> new Backoff(first, factor, cap)).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void retriesAreCountedFromZero() {
    assertThatThrownBy(() -> Backoff.doubling(1, 2).delay(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
