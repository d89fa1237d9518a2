package org.keneya.flows.reconciliation;

import java.time.LocalDate;
import org.keneya.flows.money.Money;

/**
 * One line of a provider's statement, as imported. {@code problem} is set (and the other fields
 * may be null) when the line could not be read.
 *
 * @param reference the payment's reference as the provider lists it (our reference id, or the
 *     order id, client reference or transaction id we gave it)
 * @param transactionId the provider's own transaction id
 * @param paid whether the provider says the money was collected
 */
public record StatementLine(int lineNumber, LocalDate day, String reference, String transactionId, Money amount, boolean paid,
    String providerStatus, String problem) {

  public static StatementLine unreadable(int lineNumber, String problem) {
    return new StatementLine(lineNumber, null, null, null, null, false, null, problem);
  }
}
