package org.keneya.flows.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberNumbersTest {
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(nullValues = "none", value = {
      "MOP-000012,     MOP-000012",
      "mop-000012-03,  MOP-000012-03",
      "12,             MOP-000012",
      "000012,         MOP-000012",
      "00001203,       MOP-000012-03",
      "12-03,          MOP-000012-03",
      "' 12 ',         MOP-000012",
      "AMV-000001,     AMV-000001",
      "1234567,        none",
      "123456789,      none",
      "abc,            none",
      "'',             none",
      "12-3,           none"})
  void digitsAloneAreReadWithinTheMutual(String typed, String number) {
    assertThat(MemberNumbers.read(typed, "MOP")).isEqualTo(Optional.ofNullable(number));
  }
}
