package org.keneya.flows.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.flows.TestConfig;

class RecoveryTest {

  @ParameterizedTest(name = "{0} {1}: {2} a person a month")
  @CsvSource(nullValues = "none", value = {
      "mopti-annual,    none,            144",   // 1,730 a year (20 % of 8,650) / 12 = 144.16
      "urban-voluntary, combined,        440",
      "urban-voluntary, hospitalisation, 270",
      "urban-voluntary, ambulatory,      210",
      "cotton-harvest,  none,            none"})
  void eachPersonIsExpectedTheirShareOfAMonth(String product, String level, Long expected) {
    assertThat(Recovery.expectedPerPersonPerMonth(TestConfig.CONFIG.product(product).orElseThrow(), "XOF", level))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0} of {1} = {2} per mille")
  @CsvSource({"875, 1000, 875, 87.5", "0, 1000, 0, 0.0", "1000, 1000, 1000, 100.0", "1300, 1000, 1300, 130.0", "1, 3, 333, 33.3"})
  void theRateIsRoundedDownToATenthOfAPercent(long collected, long expected, long perMille, String text) {
    assertThat(Recovery.ratePerMille(collected, expected)).contains(perMille);
    assertThat(Recovery.percent(perMille)).isEqualTo(text);
  }
}
