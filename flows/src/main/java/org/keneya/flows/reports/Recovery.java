package org.keneya.flows.reports;

import java.util.Optional;
import org.keneya.config.ProductConfig;
import org.keneya.flows.money.ContributionCalculator;

/**
 * The recovery rate of the mutuals' reports: member contributions collected in a month against
 * those expected of the persons enrolled.
 */
public final class Recovery {
  private Recovery() {}

  /**
   * What one person is expected to pay a month: their share of one period, spread over the
   * period's months (rounded down). Empty for harvest products, whose due depends on the crop sold.
   */
  public static Optional<Long> expectedPerPersonPerMonth(ProductConfig product, String currency, String level) {
    if (product.periodicity() == ProductConfig.Periodicity.HARVEST
        || product.contribution() instanceof ProductConfig.ContributionRule.PerQuantity) {
      return Optional.empty();
    }
    long perPeriod = ContributionCalculator.quote(product, currency, level, 1, 1, 0, 1, 1).memberShare();
    return Optional.of(perPeriod / product.periodicity().months());
  }

  /** Collected as a share of expected, in tenths of a percent (875 is 87.5 %), rounded down; empty when nothing was expected. */
  public static Optional<Long> ratePerMille(long collected, long expected) {
    if (expected <= 0) return Optional.empty();
    return Optional.of(Math.multiplyExact(collected, 1000L) / expected);
  }

  /** "87.5" for 875. */
  public static String percent(long perMille) {
    return perMille / 10 + "." + perMille % 10;
  }
}
