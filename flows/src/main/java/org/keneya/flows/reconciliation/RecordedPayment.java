package org.keneya.flows.reconciliation;

import java.time.LocalDate;
import java.util.UUID;
import org.keneya.flows.money.Money;

/**
 * A wallet payment as we recorded it, to be found on the provider's statement.
 *
 * @param day the day it was paid (its receipt's) or, not yet booked, asked
 * @param receiptNumber null while not booked
 */
public record RecordedPayment(UUID intentId, String providerReference, String transactionId, Money asked, String status,
    String receiptNumber, LocalDate day) {

  public boolean booked() {
    return status.equals("SUCCESSFUL");
  }
}
