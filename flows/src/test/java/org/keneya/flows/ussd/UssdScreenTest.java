package org.keneya.flows.ussd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.MESSAGES;

import org.junit.jupiter.api.Test;
import org.keneya.config.KeneyaConfig.Alphabet;

class UssdScreenTest {
  @Test
  void aGsmScreenHolds182Septets_anExtensionCharacterTakingTwo() {
    assertThat(UssdScreen.fits("a".repeat(182))).isTrue();
    assertThat(UssdScreen.fits("a".repeat(183))).isFalse();
    assertThat(UssdScreen.fits("é".repeat(182))).as("é is in the GSM alphabet").isTrue();
    assertThat(UssdScreen.fits("€".repeat(91))).isTrue();
    assertThat(UssdScreen.fits("€".repeat(91) + "a")).isFalse();
    assertThat(UssdScreen.fits("[" + "a".repeat(181))).isFalse();
  }

  @Test
  void oneLetterOutsideGsmMakesTheWholeScreenUcs2_of80Characters() {
    assertThat(UssdScreen.fits("ɛ" + "a".repeat(79))).isTrue();
    assertThat(UssdScreen.fits("ɛ" + "a".repeat(80))).isFalse();
    assertThat(UssdScreen.fits("Mes reçus " + "a".repeat(100))).as("ç is not in the GSM alphabet (Ç is)").isFalse();
  }

  @Test
  void aUnicodeNetworkGetsTheScreenAsWrittenWhileItFits_elseInGsmSpelling() {
    String shortScreen = "Sara kɛ jɔn ye?\n1. Denbaya bɛɛ";
    assertThat(UssdScreen.forNetwork(MESSAGES, "bm", shortScreen, Alphabet.UNICODE)).isEqualTo(shortScreen);
    assertThat(UssdScreen.forNetwork(MESSAGES, "bm", shortScreen, Alphabet.GSM7)).isEqualTo("Sara kè jòn ye?\n1. Denbaya bèè");
    String longScreen = shortScreen + "\n" + "ɲ".repeat(60);
    String sent = UssdScreen.forNetwork(MESSAGES, "bm", longScreen, Alphabet.UNICODE);
    assertThat(sent).startsWith("Sara kè jòn ye?").endsWith("ny".repeat(60));
    assertThat(UssdScreen.fits(sent)).isTrue();
  }

  @Test
  void aScreenTooLongIsCutToWhatFits() {
    assertThat(UssdScreen.cut("a".repeat(200))).hasSize(182);
    assertThat(UssdScreen.cut("€".repeat(100))).hasSize(91);
    assertThat(UssdScreen.cut("ɛ".repeat(100))).hasSize(80);
    assertThat(UssdScreen.cut("short")).isEqualTo("short");
  }
}
