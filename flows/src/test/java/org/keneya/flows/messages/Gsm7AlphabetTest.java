package org.keneya.flows.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Gsm7AlphabetTest {
  /** Septets as GSM 03.38 numbers them (hex, the extension ones after the escape 1B), for characters given by code. */
  @ParameterizedTest(name = "U+{0} is {1}")
  @CsvSource({
      "0040, 00", "00A3, 01", "00E8, 04", "00C7, 09", "0394, 10", "005F, 11", "00C6, 1C", "00C9, 1F", "0020, 20", "00A4, 24",
      "0030, 30", "00A1, 40", "0041, 41", "00C4, 5B", "00A7, 5F", "00BF, 60", "0061, 61", "00FC, 7E", "00E0, 7F",
      "000C, 1B 0A", "005E, 1B 14", "007B, 1B 28", "007D, 1B 29", "005C, 1B 2F", "005B, 1B 3C", "007E, 1B 3D", "005D, 1B 3E",
      "007C, 1B 40", "20AC, 1B 65"})
  void encodesAsTheStandardNumbersThem(String code, String septets) {
    char c = (char) Integer.parseInt(code, 16);
    StringBuilder hex = new StringBuilder();
    for (byte b : Gsm7Alphabet.encode(c)) hex.append(hex.isEmpty() ? "" : " ").append(String.format("%02X", b));
    assertThat(hex.toString()).isEqualTo(septets);
    assertThat(Gsm7Alphabet.septets(c)).isEqualTo(septets.split(" ").length);
  }

  @Test
  void theBasicTableFillsTheSeptetsButTheEscapeAndTheExtensionAddsTen() {
    Set<Byte> basic = new HashSet<>();
    int extension = 0;
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      int septets = Gsm7Alphabet.septets(c);
      assertThat(Gsm7Alphabet.contains(c)).isEqualTo(septets > 0);
      if (septets == 0) {
        char missing = c;
        assertThatThrownBy(() -> Gsm7Alphabet.encode(missing)).isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      byte[] encoded = Gsm7Alphabet.encode(c);
      assertThat(encoded).hasSize(septets);
      if (septets == 1) assertThat(basic.add(encoded[0])).as("septet of U+%04X taken once", (int) c).isTrue();
      else extension++;
    }
    assertThat(basic).hasSize(127).doesNotContain((byte) 0x1B);
    assertThat(extension).isEqualTo(10);
  }

  @Test
  void lettersBambaraAndFrenchNeedAreNotAllThere() {
    for (char c : "ɛɔɲŋçêâ\u001B".toCharArray()) assertThat(Gsm7Alphabet.contains(c)).as("U+%04X", (int) c).isFalse();
  }
}
