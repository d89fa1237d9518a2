package org.keneya.flows.collectors;

import java.time.LocalDate;
import java.util.Map;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.messages.DepositMessages;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * What a member's answer to a cash deposit does, decided from the deposit as it stands. A deposit
 * is answered once. Confirmed, it is booked as the household's payment, paid on the day it was
 * collected, and the collector is told the receipt number ({@link #booked}). Disputed, nothing
 * is booked: its payment fails, the dispute is audited and the collector told.
 */
public sealed interface DepositAnswer {

  /** Answered before (confirmed, auto-confirmed or disputed): nothing more to do. */
  record AlreadyAnswered(DepositStatus status) implements DepositAnswer {}

  /**
   * Disputed now: the deposit's payment fails for {@code paymentFailure}, {@code audit} is recorded
   * under who disputed it, and {@code toCollector} tells the collector.
   */
  record Dispute(String paymentFailure, AuditRecord audit, OutboxMessage.Sms toCollector) implements DepositAnswer {}

  /**
   * Confirmed now: the payment is booked as confirmed by {@code providerTransactionId} for {@code
   * amount}, paid on {@code paidOn}, its journal entry described by {@code memo}.
   */
  record Confirm(String providerTransactionId, Money amount, LocalDate paidOn, String memo) implements DepositAnswer {}

  /** The answer {@code confirmed} (or disputed) given by {@code by} to {@code deposit}. */
  static DepositAnswer plan(Messages messages, CashDeposit deposit, boolean confirmed, AnsweredBy by) {
    if (deposit.status() != DepositStatus.PENDING) return new AlreadyAnswered(deposit.status());
    if (!confirmed) {
      AuditRecord audit = new AuditRecord("cash_deposit.disputed", deposit.id().toString(), Map.of("code", deposit.code()));
      return new Dispute("disputed by the member", audit, OutboxMessage.Sms.to(deposit.collectorMsisdn(),
          DepositMessages.disputed(messages, deposit.code(), deposit.amount(), deposit.memberNumber())));
    }
    String memo = "Cash deposit " + deposit.code() + " by collector " + deposit.collectorName()
        + (by == AnsweredBy.AUTO ? ", auto-confirmed without the member's answer" : ", confirmed by the member");
    // The deposit's own id names the payment's confirmation: confirming it again finds it booked.
    return new Confirm("cash:" + deposit.id(), deposit.amount(), deposit.collectedOn(), memo);
  }

  /** The key the collector's SMS is queued under: one answer per deposit reaches its collector, whatever answered it. */
  static String smsKey(CashDeposit deposit) {
    return "deposit-answer-sms:" + deposit.id();
  }

  /** The collector's SMS once {@code deposit}, confirmed by {@code by}, is booked as {@code receiptNumber}. */
  static OutboxMessage.Sms booked(Messages messages, CashDeposit deposit, AnsweredBy by, String receiptNumber) {
    return OutboxMessage.Sms.to(deposit.collectorMsisdn(), DepositMessages.confirmed(messages, deposit.code(), deposit.amount(),
        deposit.memberNumber(), receiptNumber, by == AnsweredBy.AUTO));
  }
}
