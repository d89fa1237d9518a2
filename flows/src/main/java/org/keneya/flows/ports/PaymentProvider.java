package org.keneya.flows.ports;

import java.util.concurrent.CompletionStage;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;

/** A mobile-money wallet that can collect a payment from a member. */
public interface PaymentProvider {
  /** The provider's name, used for clearing accounts and routing ("momo", "orange", ...). */
  String name();

  /**
   * Asks the payer's wallet to collect {@code amount}. {@code referenceId} is our idempotency key:
   * asking again with the same one never collects twice. Completes when the provider has accepted
   * the request (not when the member has paid).
   */
  CompletionStage<Void> requestPayment(String referenceId, Msisdn payer, Money amount, String externalId, String payerMessage);

  /** What the provider says of a payment we asked for. */
  CompletionStage<PaymentStatus> status(String referenceId);

  sealed interface PaymentStatus {
    record Pending() implements PaymentStatus {}

    record Successful(String providerTransactionId, Money amount) implements PaymentStatus {}

    record Failed(String reason) implements PaymentStatus {}

    /** The provider has no such request: it never reached them. */
    record Unknown() implements PaymentStatus {}
  }
}
