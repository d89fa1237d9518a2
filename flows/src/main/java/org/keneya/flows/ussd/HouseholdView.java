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
 * @param beneficiaries every person of the household, head first, each with their own cover
 * @param pendingPayment a wallet payment started and not yet answered, null if none
 */
public record HouseholdView(
    UUID householdId,
    String memberNumber,
    MutualConfig mutual,
    MutualConfig.SectionConfig section,
    ProductConfig product,
    String guaranteeLevel,
    List<Beneficiary> beneficiaries,
    int adhesionFeesPaid,
    List<ReceiptLine> recentReceipts,
    Money pendingPayment,
    CashDeposit pendingDeposit) {

  /** A collector's cash deposit waiting for this household to confirm or dispute it, by its {@code code}. */
  public record CashDeposit(String code, Money amount, String collector, LocalDate collectedOn) {}

  public int persons() {
    return beneficiaries.size();
  }

  /**
   * One insured person. Cover is per person because a household may pay for some of its members only.
   *
   * @param firstPaidOn day a contribution for this person was first confirmed, null if none
   * @param coveredUntil last day covered by the contributions paid for this person, null if none
   */
  /**
   * @param coverStartedOn first day of the person's current uninterrupted cover (null: unknown, or never paid)
   */
  public record Beneficiary(UUID id, String memberNumber, String name, boolean head, LocalDate firstPaidOn, LocalDate coveredUntil,
      LocalDate coverStartedOn) {
    public Beneficiary(UUID id, String memberNumber, String name, boolean head, LocalDate firstPaidOn, LocalDate coveredUntil) {
      this(id, memberNumber, name, head, firstPaidOn, coveredUntil, null);
    }
  }

  /** @param channel how it was paid, as members know it (e.g. "MoMo", "Collecteur") */
  public record ReceiptLine(String number, LocalDate date, Money amount, String channel) {}
}
