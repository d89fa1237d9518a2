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

  public static String walletClearing(String provider) {
    return "wallet-clearing:" + provider;
  }

  public static String contributionIncome(String productId) {
    return "contribution-income:" + productId;
  }

  public static String subsidyReceivable(String funderId) {
    return "subsidy-receivable:" + funderId;
  }

  public static final String ADHESION_INCOME = "adhesion-income";

  /** Postings for a payment received through {@code provider}; they always balance. */
  public static List<Posting> walletReceipt(String provider, ContributionQuote quote) {
    List<Posting> postings = new ArrayList<>();
    postings.add(new Posting(walletClearing(provider), quote.memberPays()));
    for (Map.Entry<String, Long> share : quote.funderShares().entrySet()) {
      if (share.getValue() != 0) postings.add(new Posting(subsidyReceivable(share.getKey()), share.getValue()));
    }
    postings.add(new Posting(contributionIncome(quote.productId()), -quote.contribution()));
    if (quote.adhesionFee() != 0) postings.add(new Posting(ADHESION_INCOME, -quote.adhesionFee()));
    if (postings.stream().mapToLong(Posting::amount).sum() != 0) {
      throw new IllegalStateException("unbalanced postings for " + quote + ": " + postings);
    }
    return List.copyOf(postings);
  }
}
