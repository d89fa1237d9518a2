package org.keneya.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The waits between failed binds, as they were before the one Backoff policy: doubling from the configured one, at most a minute. */
class SmppRebindDelayTest {
  @ParameterizedTest(name = "{0} ms base, {1} failures: {2} ms")
  @CsvSource({
      "1000, 1, 1000", "1000, 2, 2000", "1000, 3, 4000", "1000, 4, 8000", "1000, 5, 16000", "1000, 6, 32000",
      "1000, 7, 60000", "1000, 12, 60000", "1000, 40, 60000",
      "200, 1, 200", "200, 2, 400", "200, 5, 3200",
      "60000, 1, 60000", "60000, 3, 60000",
      "90000, 1, 90000", "90000, 3, 90000"})
  void rebindsBackOff(long reconnectBackoffMillis, int failures, long millis) {
    assertThat(SmppSms.rebindDelayMillis(reconnectBackoffMillis, failures)).isEqualTo(millis);
  }
}
