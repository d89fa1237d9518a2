package org.keneya.flows.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsStatus;

class ReceiptMessageTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 31);

  @Test
  void receiptSmsIsOneGsmPartInEveryLanguageAndStatusWithWorstCaseData() {
    List<RightsStatus> statuses = List.of(new RightsStatus.NotPaid(), new RightsStatus.Waiting(DAY, DAY),
        new RightsStatus.Open(DAY), new RightsStatus.Grace(DAY), new RightsStatus.Suspended(DAY));
    for (String language : List.of("fr", "bm")) {
      for (RightsStatus status : statuses) {
        String sms = ReceiptMessage.render(MESSAGES, language, "ABCDEF", "ABCDEF-R9999999",
            Money.of(999_999_999L, "XOF"), DAY, "ABCDEF-999999", status);
        assertThat(SmsLength.isGsm7(sms)).as(sms).isTrue();
        assertThat(SmsLength.parts(sms)).as(sms).isEqualTo(1);
      }
    }
  }

  @Test
  void receiptSmsCarriesAmountNumberAndRights() {
    String sms = ReceiptMessage.render(MESSAGES, "fr", "MOP", "MOP-R0000001", Money.of(11380, "XOF"),
        LocalDate.of(2026, 11, 23), "MOP-000001", new RightsStatus.Waiting(LocalDate.of(2027, 2, 23), LocalDate.of(2027, 11, 22)));
    assertThat(sms).isEqualTo("MOP recu MOP-R0000001: 11 380 FCFA le 23/11/2026, foyer MOP-000001. "
        + "En période d'observation: droits ouverts à partir du 23/02/2027.");
  }

  @Test
  void partsCountSwitchesToUcs2OnOneBambaraLetter() {
    assertThat(SmsLength.parts("a".repeat(160))).isEqualTo(1);
    assertThat(SmsLength.parts("a".repeat(161))).isEqualTo(2);
    assertThat(SmsLength.parts("a".repeat(306))).isEqualTo(2);
    assertThat(SmsLength.parts("ɛ" + "a".repeat(69))).isEqualTo(1);
    assertThat(SmsLength.parts("ɛ" + "a".repeat(70))).isEqualTo(2);
    assertThat(SmsLength.isGsm7("Adhésion à payer")).isTrue();
    assertThat(SmsLength.isGsm7("Reçu")).isFalse();
  }
}
