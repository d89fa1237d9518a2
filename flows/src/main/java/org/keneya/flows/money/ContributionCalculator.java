package org.keneya.flows.money;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keneya.config.ProductConfig;
import org.keneya.config.ProductConfig.ContributionRule;

/** Contribution arithmetic: price of the periods bought, the co-financing split, the adhesion fee. */
public final class ContributionCalculator {
  private ContributionCalculator() {}

  /** Quotes what a household pays for {@code periods} periods of its product for all its {@code persons}. */
  public static ContributionQuote quote(
      ProductConfig product, String currency, String level, int persons, int periods, long quantity, int adhesionFeesPaid) {
    return quote(product, currency, level, persons, periods, quantity, persons, adhesionFeesPaid);
  }

  /**
   * Quotes what a household pays for {@code periods} periods of its product for {@code persons} of
   * its members. The adhesion fee is the family's, so it follows the household's size, not the
   * number of persons paid for.
   *
   * @param level the guarantee level, for products priced per level (ignored otherwise)
   * @param quantity the declared quantity sold, for per-quantity products (ignored otherwise)
   * @param householdPersons everyone in the household
   * @param adhesionFeesPaid how many adhesion fees the household has already paid
   */
  public static ContributionQuote quote(ProductConfig product, String currency, String level, int persons, int periods,
      long quantity, int householdPersons, int adhesionFeesPaid) {
    if (persons < 1) throw new IllegalArgumentException("a household has at least one person");
    if (periods < 1) throw new IllegalArgumentException("at least one period is paid");
    long unitPrice;
    long units;
    ContributionRule rule = product.contribution();
    if (rule instanceof ContributionRule.PerPerson perPerson) {
      unitPrice = perPerson.amount();
      units = Math.multiplyExact((long) persons, periods);
    } else if (rule instanceof ContributionRule.PerPersonByLevel byLevel) {
      unitPrice = byLevel.level(level)
          .orElseThrow(() -> new IllegalArgumentException("unknown guarantee level '" + level + "' for " + product.id()))
          .amount();
      units = Math.multiplyExact((long) persons, periods);
    } else if (rule instanceof ContributionRule.PerQuantity perQuantity) {
      if (quantity < 1) throw new IllegalArgumentException("a quantity of at least 1 " + perQuantity.unit() + " is required");
      unitPrice = perQuantity.amountPerUnit();
      units = quantity;
    } else {
      throw new IllegalStateException("unhandled contribution rule " + rule);
    }
    ProductConfig.CoFinancing cofinancing = product.cofinancing();
    List<Integer> percents = new ArrayList<>();
    percents.add(cofinancing.memberPercent());
    cofinancing.funders().forEach(f -> percents.add(f.percent()));
    long[] unitShares = split(unitPrice, percents);
    Map<String, Long> funderShares = new LinkedHashMap<>();
    for (int i = 0; i < cofinancing.funders().size(); i++) {
      funderShares.put(cofinancing.funders().get(i).id(), Math.multiplyExact(unitShares[i + 1], units));
    }
    int fees = adhesionFeesDue(product.adhesion(), Math.max(persons, householdPersons), adhesionFeesPaid);
    return new ContributionQuote(
        product.id(), currency, persons, periods, rule instanceof ContributionRule.PerQuantity ? units : 0,
        units, unitPrice, unitShares[0],
        Math.multiplyExact(unitPrice, units),
        Math.multiplyExact(unitShares[0], units),
        java.util.Collections.unmodifiableMap(funderShares),
        Math.multiplyExact(product.adhesion().fee(), (long) fees),
        fees);
  }

  /**
   * How many adhesion fees are still due: one per started group of {@code maxPersons} persons
   * (the 16th person of a 15-person fee pays a new one), less those already paid.
   */
  /**
   * What renewing the whole household of {@code persons} for one period costs now, the adhesion
   * fees still due included: the amount a member is told to pay (SOLDE, reminders).
   */
  public static ContributionQuote renewal(ProductConfig product, String currency, String level, int persons, int adhesionFeesPaid) {
    return quote(product, currency, level, persons, 1, 0, persons, adhesionFeesPaid);
  }

  public static int adhesionFeesDue(ProductConfig.Adhesion adhesion, int persons, int feesPaid) {
    if (adhesion.fee() == 0) return 0;
    int required = (persons + adhesion.maxPersons() - 1) / adhesion.maxPersons();
    return Math.max(0, required - feesPaid);
  }

  /**
   * Splits {@code amount} by whole percentages so that the parts add up to it exactly: each part
   * is rounded down and the francs left over go, one each, to the largest remainders (earlier
   * parts first on a tie, so the member's share is never the one rounded down when it can be helped).
   */
  public static long[] split(long amount, List<Integer> percents) {
    long[] parts = new long[percents.size()];
    long[] remainders = new long[percents.size()];
    long allocated = 0;
    for (int i = 0; i < parts.length; i++) {
      long scaled = Math.multiplyExact(amount, (long) percents.get(i));
      parts[i] = scaled / 100;
      remainders[i] = scaled % 100;
      allocated += parts[i];
    }
    long left = amount - allocated;
    while (left > 0) {
      int best = 0;
      for (int i = 1; i < parts.length; i++) {
        if (remainders[i] > remainders[best]) best = i;
      }
      parts[best]++;
      remainders[best] = -1;
      left--;
    }
    return parts;
  }
}
