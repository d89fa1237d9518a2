package org.keneya.flows.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsCommandTest {
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource({
      "droits,          Rights[]",
      "'  Droits ! ',   Rights[]",
      "Droits!,         Rights[]",
      "JOSARIYA,        Rights[]",
      "reçu,            Receipts[]",
      "Reçus,           Receipts[]",
      "rasidi,          Receipts[]",
      "solde,           Balance[]",
      "Juru,            Balance[]",
      "aide,            Help[]",
      "dɛmɛ,            Help[]",
      "DÈMÈ,            Help[]",
      "stop,            Stop[]",
      "Arrêt,           Stop[]",
      "start,           Start[]",
      "langue bm,       Language[language=bm]",
      "Langue Français, Language[language=fr]",
      "KAN bamanankan,  Language[language=bm]",
      "langue,          Language[language=null]",
      "bonjour,         Unknown[]",
      "'',              Unknown[]"})
  void keywordsInEitherLanguageWhateverTheCaseAndAccents(String text, String command) {
    assertThat(SmsCommand.parse(text).toString()).isEqualTo(command);
  }
}
