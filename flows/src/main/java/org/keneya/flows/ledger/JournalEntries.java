package org.keneya.flows.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keneya.flows.money.ContributionQuote;

/**
 * The double-entry postings of a confirmed payment. The member's money lands in the paying
 * channel's clearing account; the funders' shares become receivables, claimed from them later;
 * the full contribution is income of the product.
 */
public final class JournalEntries {
  private JournalEntries() {}

  /** The provider of payments made in cash to a collector: their money is the collectors' cash until remitted. */
  public static final String CASH = "cash";
  public static final String COLLECTOR_CASH = "collector-cash";
  public static final String BANK = "bank";
  /** Differences between a collector's cash position and what reached the bank, held for review. */
  public static final String CASH_SHORTFALL = "cash-shortfall";

  /** Where a payment through {@code provider} lands: that wallet's clearing account, or the collectors' cash. */
  public static String walletClearing(String provider) {
    return CASH.equals(provider) ? COLLECTOR_CASH : "wallet-clearing:" + provider;
  }

  /**
   * A collector's remittance: {@code deposited} reaches the bank, the collector's cash {@code position}
   * is cleared, and any difference waits in the shortfall account for review (a debit when less
   * reached the bank than was held, a credit when more did).
   */
  public static List<Posting> remittance(long position, long deposited) {
    List<Posting> postings = new ArrayList<>();
    postings.add(new Posting(BANK, deposited));
    if (position != 0) postings.add(new Posting(COLLECTOR_CASH, -position));
    if (position != deposited) postings.add(new Posting(CASH_SHORTFALL, position - deposited));
    return List.copyOf(postings);
  }

  public static String contributionIncome(String productId) {
    return "contribution-income:" + productId;
  }

  public static String subsidyReceivable(String funderId) {
    return "subsidy-receivable:" + funderId;
  }

  public static final String ADHESION_INCOME = "adhesion-income";
  /** The reserve the mutual keeps against bad years, fed by a share of every contribution. */
  public static final String GUARANTEE_FUND = "guarantee-fund";
  /** What feeding the guarantee fund costs the year's result. */
  public static final String GUARANTEE_FUND_ALLOCATION = "guarantee-fund-allocation";

  /**
   * The guarantee fund's share of {@code contribution}: {@code percent} of it, in whole units,
   * rounded down (the fund never takes a franc more than its share).
   */
  public static long guaranteeFundShare(long contribution, int percent) {
    return Math.multiplyExact(contribution, (long) percent) / 100;
  }

  /**
   * Postings for a payment received through {@code provider}, with {@code guaranteeFundPercent} of
   * the contribution set aside in the guarantee fund; they always balance.
   */
  public static List<Posting> walletReceipt(String provider, ContributionQuote quote, int guaranteeFundPercent) {
    List<Posting> postings = new ArrayList<>();
    // The database refuses a posting of zero: a leg with nothing to carry is left out.
    if (quote.memberPays() != 0) postings.add(new Posting(walletClearing(provider), quote.memberPays()));
    for (Map.Entry<String, Long> share : quote.funderShares().entrySet()) {
      if (share.getValue() != 0) postings.add(new Posting(subsidyReceivable(share.getKey()), share.getValue()));
    }
    if (quote.contribution() != 0) postings.add(new Posting(contributionIncome(quote.productId()), -quote.contribution()));
    if (quote.adhesionFee() != 0) postings.add(new Posting(ADHESION_INCOME, -quote.adhesionFee()));
    long reserve = guaranteeFundShare(quote.contribution(), guaranteeFundPercent);
    if (reserve != 0) {
      postings.add(new Posting(GUARANTEE_FUND_ALLOCATION, reserve));
      postings.add(new Posting(GUARANTEE_FUND, -reserve));
    }
    if (Posting.sum(postings) != 0) {
      throw new IllegalStateException("unbalanced postings for " + quote + ": " + postings);
    }
    return List.copyOf(postings);
  }
}
