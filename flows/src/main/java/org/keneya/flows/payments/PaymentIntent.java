package org.keneya.flows.payments;

import java.time.Instant;
import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;

/** A wallet payment we asked for; its id is the reference id the provider knows it by. */
public record PaymentIntent(
    UUID id,
    UUID householdId,
    String provider,
    /** The provider's own id of the request (pay token, checkout session), null while unknown or when it uses ours. */
    String providerReference,
    String payerMsisdn,
    Money amount,
    ContributionQuote quote,
    String language,
    PaymentState status,
    int checks,
    Instant createdAt) {

  public boolean open() {
    return status.open();
  }
}
