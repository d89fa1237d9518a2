package org.keneya.flows.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WalletFailureTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "400, REFUSED", "403, REFUSED", "404, REFUSED", "417, REFUSED", "422, REFUSED", "499, REFUSED",
      "401, UNAUTHORISED",
      "408, TIMEOUT",
      "409, CONFLICT",
      "429, THROTTLED",
      "500, UNAVAILABLE", "502, UNAVAILABLE", "503, UNAVAILABLE", "504, UNAVAILABLE",
      "200, UNAVAILABLE", "302, UNAVAILABLE", "100, UNAVAILABLE", "0, UNAVAILABLE", "600, UNAVAILABLE"})
  void eachStatusHasOneClass(int status, WalletFailure expected) {
    assertThat(WalletFailure.of(status)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"REFUSED, true", "UNAUTHORISED, false", "TIMEOUT, false", "CONFLICT, false", "THROTTLED, false", "UNAVAILABLE, false"})
  void onlyARefusalIsPermanent(WalletFailure failure, boolean permanent) {
    assertThat(failure.permanent()).isEqualTo(permanent);
  }
}
