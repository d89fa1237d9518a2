package org.keneya.flows.collectors;

import java.time.LocalDate;
import java.util.UUID;
import org.keneya.flows.messages.DepositMessages;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * What entering cash deposit {@code depositId} does: the household's payment of {@code amount}
 * waits for its member (nothing is booked, nothing counts for the collector yet), and {@code
 * toMember} asks the household head to confirm or dispute it by its code.
 */
public record DepositRecording(UUID depositId, Money amount, OutboxMessage.Sms toMember) {

  /** The recording of {@code deposit} as {@code depositId}, collected on {@code collectedOn} in the members' time zone. */
  public static DepositRecording plan(Messages messages, UUID depositId, NewDeposit deposit, LocalDate collectedOn) {
    Money amount = deposit.quote().memberPaysMoney();
    return new DepositRecording(depositId, amount, OutboxMessage.Sms.to(deposit.headMsisdn(), DepositMessages.ask(messages, deposit.language(),
        deposit.mutualCode(), deposit.memberNumber(), deposit.collectorName(), amount, collectedOn, deposit.code())));
  }

  /** The key the member's SMS is queued under: one per deposit. */
  public String smsKey() {
    return "deposit-sms:" + depositId;
  }
}
