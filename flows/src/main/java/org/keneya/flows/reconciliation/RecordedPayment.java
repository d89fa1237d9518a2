package org.keneya.flows.reconciliation;

import java.time.LocalDate;
import java.util.UUID;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.PaymentState;

/**
 * A wallet payment as we recorded it, to be found on the provider's statement.
 *
 * @param day the day it was paid (its receipt's) or, not yet booked, asked
 * @param receiptNumber null while not booked
 */
public record RecordedPayment(UUID intentId, String providerReference, String transactionId, Money asked, PaymentState status,
    String receiptNumber, LocalDate day) {

  public boolean booked() {
    return status.booked();
  }
}
