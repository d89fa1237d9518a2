package org.keneya.gateway;

import java.util.List;
import org.keneya.adapters.pg.HouseholdRecord;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.ussd.HouseholdView;

/** Turns stored households into the read model the pure core works on. */
public final class Views {
  private Views() {}

  public static HouseholdView household(KeneyaConfig config, HouseholdRecord record) {
    MutualConfig mutual = config.mutual(record.mutualId())
        .orElseThrow(() -> new IllegalStateException("mutual " + record.mutualId() + " is no longer configured"));
    ProductConfig product = config.product(record.enrolment().productId())
        .orElseThrow(() -> new IllegalStateException("product " + record.enrolment().productId() + " is no longer configured"));
    List<HouseholdView.ReceiptLine> receipts = record.receipts().stream()
        .map(r -> new HouseholdView.ReceiptLine(r.receiptNumber(), r.paidOn(), Money.of(r.amount(), r.currency())))
        .toList();
    return new HouseholdView(record.id(), record.memberNumber(), mutual, product, record.enrolment().guaranteeLevel(),
        record.persons(), record.adhesionFeesPaid(), record.firstPaidOn(), record.coveredUntil(), receipts,
        record.pendingAmount() == null ? null : Money.of(record.pendingAmount(), mutual.currency()));
  }
}
