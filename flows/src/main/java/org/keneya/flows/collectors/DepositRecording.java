package org.keneya.flows.collectors;

import java.time.LocalDate;
import org.keneya.flows.messages.DepositMessages;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * What entering a cash deposit does: the household's payment of {@code amount} waits for its member
 * (nothing is booked, nothing counts for the collector yet), and {@code toMember} asks the
 * household head to confirm or dispute it by its code.
 */
public record DepositRecording(Money amount, OutboxMessage.Sms toMember) {

  /** The recording of {@code deposit}, collected on {@code collectedOn} in the members' time zone. */
  public static DepositRecording plan(Messages messages, NewDeposit deposit, LocalDate collectedOn) {
    Money amount = deposit.quote().memberPaysMoney();
    return new DepositRecording(amount, OutboxMessage.Sms.to(deposit.headMsisdn(), DepositMessages.ask(messages, deposit.language(),
        deposit.mutualCode(), deposit.memberNumber(), deposit.collectorName(), amount, collectedOn, deposit.code())));
  }
}
