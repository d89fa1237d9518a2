package org.keneya.flows.ports;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;

/**
 * A mobile-money wallet that can collect a payment from a member, whatever API reaches it. Calls
 * fail with {@link RemoteFailure} (permanent when repeating cannot help).
 */
public interface PaymentProvider {
  /** The provider's name, used for clearing accounts and routing ("orange", "moov", "wave", ...). */
  String name();

  /**
   * Asks the payer's wallet to collect the order. Completes when the provider has accepted the
   * request (not when the member has paid).
   */
  CompletionStage<Requested> requestPayment(PaymentOrder order);

  /**
   * Whether asking again for the same {@link PaymentOrder#referenceId()} can never collect twice
   * (the provider deduplicates on it), so that a request whose answer was lost may be retried.
   */
  boolean requestIsIdempotent();

  /** What the provider says of a payment we asked for. */
  CompletionStage<PaymentStatus> status(PaymentReference reference);

  /**
   * Reads a notification the provider sent to our callback address. Checks what can be checked
   * without I/O (signature, shared secret, timestamp); never throws on bad input.
   */
  CallbackVerdict readCallback(Callback callback);

  /**
   * @param referenceId our id of the payment (a UUID), the idempotency key wherever the API has one
   * @param description shown to the payer where the API shows one
   */
  record PaymentOrder(String referenceId, Msisdn payer, Money amount, String description) {}

  /**
   * @param providerReference the provider's own id of the request (a pay token, a checkout session
   *     id), needed to ask its status; null when the provider knows it by our reference id
   * @param launchUrl where the member completes the payment (sent to them by SMS); null when the
   *     wallet pushes a PIN prompt to the phone itself
   */
  record Requested(String providerReference, String launchUrl) {
    public static Requested byOurReference() {
      return new Requested(null, null);
    }
  }

  /** How to name a payment to its provider: our reference id and, once known, theirs. */
  record PaymentReference(String referenceId, String providerReference) {}

  /**
   * A notification as it arrived. {@code pathReference} is what followed the provider's name in
   * the callback path (our reference id where the callback URL carries it), null otherwise;
   * {@code headers} have lower-case names; {@code body} is the raw body, exactly as received.
   */
  record Callback(String pathReference, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  sealed interface CallbackVerdict {
    /**
     * Not from the provider, or not readable: nothing is booked. {@code forged} when a signature or
     * secret is missing or wrong (answered 401), false when the body cannot be read (400).
     */
    record Rejected(boolean forged, String reason) implements CallbackVerdict {}

    /** A notification we take no action on (an event type we do not use): answered 200. */
    record Ignored(String reason) implements CallbackVerdict {}

    /**
     * The provider speaks of one payment. {@code eventId} identifies this notification (the same
     * notification delivered twice carries the same one). {@code referenceId} and/or
     * {@code providerReference} name the payment. {@code status} is what it says happened, to be
     * believed only when {@code authenticated} (signed or secret-checked): otherwise the status is
     * asked of the provider before anything is booked.
     */
    record Claim(String eventId, String referenceId, String providerReference, PaymentStatus status, boolean authenticated)
        implements CallbackVerdict {}
  }

  sealed interface PaymentStatus {
    record Pending() implements PaymentStatus {}

    /** {@code amount} as the provider confirms it: booked only if it matches what was asked. */
    record Successful(String providerTransactionId, Money amount) implements PaymentStatus {}

    record Failed(String reason) implements PaymentStatus {}

    /** The provider has no such request: it never reached them. */
    record Unknown() implements PaymentStatus {}
  }
}
