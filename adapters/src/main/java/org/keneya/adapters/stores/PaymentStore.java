package org.keneya.adapters.stores;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.payments.PaymentState;

/**
 * Wallet payments from the moment they are recorded, before the wallet is asked, to their
 * resolution, which happens once: a confirmation books the receipt, its journal entry, the member's
 * cover and the receipt SMS together, at most once per payment however often it is confirmed.
 */
public interface PaymentStore {
  /** A provider's notification, known by the id of its event: recorded once acted on, so that a repeat of it is skipped. */
  record Notification(String provider, String eventId) {}

  /** The household already has a payment waiting for the wallet's answer; a second one is refused. */
  final class PaymentAlreadyOpen extends RuntimeException {
    public PaymentAlreadyOpen(UUID householdId) {
      super("household " + householdId + " already has a payment waiting for an answer");
    }
  }

  /**
   * Records the intent before the wallet is asked, for {@code beneficiaries} (null: the whole
   * household as it stands when the payment is confirmed), its first status check due at
   * {@code firstCheckAt}. {@code channelRef} (e.g. the USSD session) makes this idempotent: a second
   * call with it returns the intent the first one created. Fails with {@link PaymentAlreadyOpen}
   * when another payment of the household still waits for an answer.
   */
  Future<PaymentIntent> createIntent(UUID householdId, List<UUID> beneficiaries, String provider, String payerMsisdn,
      ContributionQuote quote, String language, String channelRef, Instant firstCheckAt);

  Future<Optional<PaymentIntent>> find(UUID id);

  /** The intent {@code provider} knows by {@code providerReference} (its pay token, checkout session id...). */
  Future<Optional<PaymentIntent>> findByProviderReference(String provider, String providerReference);

  /**
   * The provider accepted the request: an intent still initiating now waits for the member's PIN.
   * {@code providerReference} (null when the provider uses ours) is kept to ask the status by.
   */
  Future<Void> markRequested(UUID id, String providerReference);

  /** Keeps the provider's id of a request learnt another way (a failed request, a callback), if none is known yet. */
  Future<Void> rememberProviderReference(UUID id, String providerReference);

  /** Whether the provider's notification {@code eventId} was already acted on. */
  Future<Boolean> eventSeen(String provider, String eventId);

  /** Records that notification {@code eventId} was acted on, with the state it brought (a repeat of it is then skipped). */
  Future<Void> recordEvent(String provider, String eventId, UUID intentId, PaymentState outcome);

  /** Resolves an intent as failed, when its state allows; false when it did not change. */
  Future<Boolean> markFailed(UUID id, String reason);

  /** Gives up waiting on an open intent; false when it was not open. A success reported later is still booked. */
  Future<Boolean> markExpired(UUID id);

  Future<Void> scheduleCheck(UUID id, Instant at);

  /**
   * Claims up to {@code limit} open intents whose status check is due, the longest due first, each leased for
   * {@code leaseSeconds} (its next check pushed back, its checks counted) so that no other claim takes it meanwhile.
   */
  Future<List<PaymentIntent>> claimDue(int limit, int leaseSeconds);

  /**
   * Books a payment the provider has confirmed at {@code confirmed}, paid on {@code paidOn}: the mutual's next
   * receipt number, the journal entry, each person's cover and the receipt SMS, the intent resolved; another
   * amount than asked is held for review, nothing booked. Books at most once per intent, however often and
   * concurrently it is called; {@code notification} (null: none) is recorded as a success in the same
   * transaction, whatever the outcome, so that the two stand or fall together.
   */
  Future<Confirmation> confirm(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn, Notification notification);

  /** As {@link #confirm(UUID, String, Money, LocalDate, Notification)}, with no notification to record. */
  default Future<Confirmation> confirm(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn) {
    return confirm(intentId, providerTransactionId, confirmed, paidOn, (Notification) null);
  }
}
