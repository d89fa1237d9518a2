package org.keneya.flows.ussd;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.money.Money;

/**
 * What the menus need to know of the caller's household, read by the shell before each hop so
 * that the engine itself never does I/O.
 *
 * @param coveredUntil last day covered by confirmed contributions, null if none
 * @param pendingPayment a wallet payment started and not yet answered, null if none
 */
public record HouseholdView(
    UUID householdId,
    String memberNumber,
    MutualConfig mutual,
    ProductConfig product,
    String guaranteeLevel,
    int persons,
    int adhesionFeesPaid,
    LocalDate firstPaidOn,
    LocalDate coveredUntil,
    List<ReceiptLine> recentReceipts,
    Money pendingPayment) {

  public record ReceiptLine(String number, LocalDate date, Money amount) {}
}
