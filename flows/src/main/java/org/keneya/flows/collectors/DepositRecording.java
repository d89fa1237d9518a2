package org.keneya.flows.collectors;

import java.time.LocalDate;
import org.keneya.flows.messages.DepositMessages;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;

/**
 * What entering a cash deposit does: the household's payment of {@code amount} waits for its member
 * (nothing is booked, nothing counts for the collector yet), and {@code memberSms} asks the
 * household head to confirm or dispute it by its code.
 */
public record DepositRecording(Money amount, String memberSms) {

  /**
   * The deposit of {@code quote} that collector {@code collector} received on {@code collectedOn}
   * from household {@code memberNumber} of mutual {@code mutualCode}, under {@code code}; the SMS
   * goes out in the household's {@code language}.
   */
  public static DepositRecording plan(Messages messages, String language, String mutualCode, String memberNumber, String collector,
      ContributionQuote quote, LocalDate collectedOn, String code) {
    Money amount = quote.memberPaysMoney();
    return new DepositRecording(amount, DepositMessages.ask(messages, language, mutualCode, memberNumber, collector, amount, collectedOn, code));
  }
}
