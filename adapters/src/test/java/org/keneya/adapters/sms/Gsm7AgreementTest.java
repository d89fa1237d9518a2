package org.keneya.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keneya.flows.messages.SmsLength;

/**
 * What the gateway counts (screens and SMS parts, in flows) and what SMPP sends must rest on the
 * same alphabet: a character one takes for GSM 7-bit and the other cannot encode would be sent
 * as '?', or counted at the wrong price.
 */
class Gsm7AgreementTest {
  @Test
  void everyCharacterCountedAsGsm7IsSentAsGsm7AndNoOther() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String text = String.valueOf(c);
      boolean encodable;
      try {
        encodable = SmppSms.gsmParts(text).size() == 1;
      } catch (IllegalArgumentException e) {
        encodable = false;
      }
      assertThat(encodable).as("U+%04X", (int) c).isEqualTo(SmsLength.isGsm7(text));
    }
  }

  @Test
  void partsCountedAreThePartsSent() {
    String basic = "Recu MOP-R0000001: 11 380 FCFA, Orange Money. Droits ouverts jusqu'au 31/12/2026. ";
    for (int length = 1; length <= 700; length++) {
      String text = basic.repeat(10).substring(0, length);
      assertThat(SmppSms.gsmParts(text)).as("%d characters", length).hasSize(SmsLength.parts(text));
    }
    // Extension characters take two septets each, on both sides.
    for (int pairs = 1; pairs <= 80; pairs++) {
      String text = "€".repeat(pairs);
      assertThat(SmppSms.gsmParts(text)).as("%d euro signs", pairs).hasSize(SmsLength.parts(text));
      assertThat(SmppSms.gsmParts(text).get(0)).hasSize(2 * pairs);
    }
    assertThat(SmsLength.parts("€".repeat(81))).isEqualTo(2);
    assertThat(SmppSms.gsmParts("€".repeat(81))).hasSize(2);
  }
}
