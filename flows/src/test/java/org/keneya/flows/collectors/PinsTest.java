package org.keneya.flows.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinsTest {
  @Test
  void aPinIsKeptAsASaltedSlowHash_andOnlyItMatches() {
    String first = Pins.hash("4821");
    String second = Pins.hash("4821");
    assertThat(first).startsWith("pbkdf2-sha256$600000$").doesNotContain("4821");
    assertThat(Pins.outdated(first)).isFalse();
    assertThat(first).as("a salt per hash").isNotEqualTo(second);
    assertThat(Pins.matches("4821", first)).isTrue();
    assertThat(Pins.matches("4822", first)).isFalse();
    assertThat(Pins.matches("4821", "plain:4821")).isFalse();
    assertThat(Pins.matches(null, first)).isFalse();
  }

  @Test
  void aHashOfFewerIterationsStillMatches_andIsOutdated() throws Exception {
    byte[] salt = new byte[16];
    javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec("4821".toCharArray(), salt, 210_000, 256);
    byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    String old = "pbkdf2-sha256$210000$" + java.util.Base64.getEncoder().encodeToString(salt) + "$"
        + java.util.Base64.getEncoder().encodeToString(hash);
    assertThat(Pins.matches("4821", old)).isTrue();
    assertThat(Pins.outdated(old)).isTrue();
    assertThat(Pins.outdated("garbage")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"4821, ", "482, 4 to 6 digits", "48a1, 4 to 6 digits", "1234567, 4 to 6 digits", "0000, not one digit repeated",
      "1234, not a run of digits such as 1234", "9876, not a run of digits such as 1234", "135790, "})
  void weakOrMalformedPinsAreRefused(String pin, String problem) {
    assertThat(Pins.problem(pin).orElse(null)).isEqualTo(problem);
  }
}
