package org.keneya.gateway;

import java.util.List;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.config.WalletConfig;
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
    MutualConfig.SectionConfig section = mutual.section(record.sectionId())
        .orElse(new MutualConfig.SectionConfig(record.sectionId(), record.sectionId(), mutual.contact(), List.of(), null));
    List<HouseholdView.Beneficiary> beneficiaries = record.members().stream()
        .map(m -> new HouseholdView.Beneficiary(m.id(), m.memberNumber(), m.name(), m.role().equals("HEAD"), m.firstPaidOn(),
            m.coveredUntil(), m.coverStartedOn(product.gracePeriodMonths())))
        .toList();
    List<HouseholdView.ReceiptLine> receipts = record.receipts().stream()
        .map(r -> new HouseholdView.ReceiptLine(r.receiptNumber(), r.paidOn(), Money.of(r.amount(), r.currency()),
            channel(config, r.channel())))
        .toList();
    return new HouseholdView(record.id(), record.memberNumber(), mutual, section, product, record.enrolment().guaranteeLevel(),
        beneficiaries, record.adhesionFeesPaid(), receipts,
        record.pendingAmount() == null ? null : Money.of(record.pendingAmount(), mutual.currency()),
        record.pendingDeposit() == null ? null : new HouseholdView.CashDeposit(record.pendingDeposit().code(),
            Money.of(record.pendingDeposit().amount(), mutual.currency()), record.pendingDeposit().collector(),
            record.pendingDeposit().collectedAt().atZone(config.remindersOrDefaults().zone()).toLocalDate()));
  }

  /** How a receipt was paid, in the words members know ("wallet:orange" is that wallet's configured name). */
  static String channel(KeneyaConfig config, String stored) {
    if (stored.startsWith("wallet:")) {
      String id = stored.substring("wallet:".length());
      return config.wallet(id).map(WalletConfig::name).orElse(id);
    }
    if (stored.equals("cash")) return "Collecteur";
    int colon = stored.indexOf(':');
    return colon < 0 ? stored : stored.substring(colon + 1);
  }
}
