package org.keneya.flows.messages;

import java.time.LocalDate;
import java.util.Map;
import org.keneya.flows.money.Money;

/**
 * The SMS of a cash deposit: the household head asked to confirm it, the collector told of the
 * answer, and the member's own answer replied to. All in GSM 7-bit spelling (one part holds 160
 * characters there, 70 otherwise).
 */
public final class DepositMessages {
  private DepositMessages() {}

  /** To the household head, in the household's language: did the collector receive this? OUI or NON and the code. */
  public static String ask(Messages messages, String language, String mutualCode, String memberNumber, String collector, Money amount,
      LocalDate collectedOn, String code) {
    return messages.gsm7(language, messages.text(language, "sms.deposit.ask", Map.of("mutualCode", mutualCode, "memberNumber", memberNumber,
        "collector", collector, "amount", amount.format(), "date", Messages.date(collectedOn), "code", code)));
  }

  /** To the collector: the deposit booked as {@code receiptNumber}, confirmed by the member or, with {@code auto}, without their answer. */
  public static String confirmed(Messages messages, String code, Money amount, String memberNumber, String receiptNumber, boolean auto) {
    return toCollector(messages, auto ? "sms.deposit.autoConfirmed" : "sms.deposit.confirmed", code, amount, memberNumber, receiptNumber);
  }

  /** To the collector: the member disputes the deposit. */
  public static String disputed(Messages messages, String code, Money amount, String memberNumber) {
    return toCollector(messages, "sms.deposit.disputed", code, amount, memberNumber, "");
  }

  /** Collectors read the mutual's working language: French. */
  private static String toCollector(Messages messages, String key, String code, Money amount, String memberNumber, String receiptNumber) {
    String language = Messages.DEFAULT_LANGUAGE;
    return messages.gsm7(language, messages.text(language, key, Map.of("code", code, "amount", amount.format(), "memberNumber", memberNumber,
        "receiptNumber", receiptNumber)));
  }

  /** The reply to a member who disputed deposit {@code code}: nothing counts, and whom the mutual's check can be asked about. */
  public static String disputedReply(Messages messages, String language, String mutualCode, String code, String contact) {
    return messages.gsm7(language, messages.text(language, "sms.deposit.disputedReply", Map.of("mutualCode", mutualCode, "code", code,
        "contact", contact)));
  }

  /** The reply to an answer naming no deposit awaiting this number. */
  public static String unknown(Messages messages, String language, String code) {
    return messages.gsm7(language, messages.text(language, "sms.deposit.unknown", Map.of("code", code)));
  }
}
