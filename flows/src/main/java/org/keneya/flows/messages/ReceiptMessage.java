package org.keneya.flows.messages;

import java.time.LocalDate;
import java.util.Map;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsStatus;

/** The SMS a member receives when a payment is confirmed: amount, receipt number, new rights status. */
public final class ReceiptMessage {
  private ReceiptMessage() {}

  public static String render(Messages messages, String language, String mutualCode, String receiptNumber,
      Money amount, LocalDate paidOn, String memberNumber, RightsStatus status) {
    // SMS go out in GSM 7-bit spelling: one part holds 160 characters there, 70 otherwise.
    return messages.gsm7(language, messages.text(language, "sms.receipt", Map.of(
        "mutualCode", mutualCode,
        "receiptNumber", receiptNumber,
        "amount", amount.format(),
        "date", Messages.date(paidOn),
        "memberNumber", memberNumber,
        "status", messages.rights(language, status))));
  }
}
