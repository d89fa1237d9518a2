package org.keneya.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The waits of the outboxes and the payment status checks, as they were before the one Backoff policy. */
class RetryDelaysTest {
  @ParameterizedTest(name = "SMS after {0} attempts: {1} s")
  @CsvSource({"0, 15", "1, 30", "2, 60", "3, 120", "4, 240", "5, 480", "6, 960", "7, 1920", "8, 3600", "9, 3600", "12, 3600", "40, 3600"})
  void smsRetries(int attempts, int seconds) {
    assertThat(OutboxWorker.delaySeconds(attempts)).isEqualTo(seconds);
  }

  @ParameterizedTest(name = "ledger entry after {0} attempts: {1} s")
  @CsvSource({"0, 30", "1, 30", "2, 60", "3, 120", "4, 240", "5, 480", "6, 960", "7, 1920", "8, 3600", "9, 3600", "24, 3600", "40, 3600"})
  void ledgerRetries(int attempts, int seconds) {
    assertThat(LedgerOutboxWorker.delaySeconds(attempts)).isEqualTo(seconds);
  }

  @ParameterizedTest(name = "every {0} s, after {1} checks: {2} s")
  @CsvSource({"30, 0, 30", "30, 1, 60", "30, 2, 120", "30, 3, 240", "30, 4, 300", "30, 5, 300", "30, 11, 300", "30, 40, 300",
      "1, 0, 1", "1, 3, 8", "1, 4, 10", "5, 2, 20", "5, 4, 50"})
  void statusChecks(int pollIntervalSeconds, int checks, long seconds) {
    assertThat(PaymentService.checkBackoff(pollIntervalSeconds).delay(checks)).isEqualTo(seconds);
  }
}
