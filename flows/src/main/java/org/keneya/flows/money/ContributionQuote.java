package org.keneya.flows.money;

import java.util.Map;

/**
 * What one payment covers and who pays what. {@code contribution} is the full price of the periods
 * bought; the member pays {@code memberShare} of it plus {@code adhesionFee}; each funder's share
 * is claimed from that funder.
 *
 * @param units persons x periods for per-person products, the declared quantity for per-quantity ones
 */
public record ContributionQuote(
    String productId,
    String currency,
    int persons,
    int periods,
    long quantity,
    long units,
    long unitPrice,
    long unitMemberShare,
    long contribution,
    long memberShare,
    Map<String, Long> funderShares,
    long adhesionFee,
    int adhesionFees) {

  /** What the member pays now: their share of the contribution plus any adhesion fee due. */
  public long memberPays() {
    return memberShare + adhesionFee;
  }

  public Money memberPaysMoney() {
    return Money.of(memberPays(), currency);
  }
}
