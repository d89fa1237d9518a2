package org.keneya.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "196.201.214.0/24, 196.201.214.7, true",
      "196.201.214.0/24, 196.201.215.7, false",
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/9, 10.200.1.2, false",
      "10.0.0.5, 10.0.0.5, true",
      "10.0.0.5, 10.0.0.6, false",
      "0.0.0.0/0, 8.8.8.8, true",
      "2001:db8::/32, 2001:db8:1::5, true",
      "2001:db8::/32, 2001:db9::5, false",
      "127.0.0.1/32, ::ffff:127.0.0.1, true",
      "127.0.0.1/32, localhost, false",
      "10.0.0.0/8, not-an-address, false",
  })
  void containment(String range, String address, boolean expected) {
    assertThat(Cidr.parse(range).orElseThrow().contains(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"example.com/24", "10.0.0.0/33", "300.1.1.1/8", "10.0.0/8", "'10.0.0.0/'", "''"})
  void whatIsNoRangeIsRefused(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }
}
