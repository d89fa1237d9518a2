package org.keneya.flows.rights;

import java.time.LocalDate;

/**
 * Rights from what was paid. The waiting period counts from the first contribution paid (003
 * L1332); its length and the grace period are per-product configuration.
 */
public final class RightsPolicy {
  private RightsPolicy() {}

  /**
   * @param firstPaidOn day the first contribution was confirmed, null if none
   * @param coveredUntil last day covered by the contributions paid, null if none
   */
  public static RightsStatus evaluate(
      LocalDate firstPaidOn, LocalDate coveredUntil, LocalDate today, int waitingPeriodMonths, int gracePeriodMonths) {
    if (firstPaidOn == null || coveredUntil == null) return new RightsStatus.NotPaid();
    if (today.isAfter(coveredUntil)) {
      LocalDate graceUntil = coveredUntil.plusMonths(gracePeriodMonths);
      return today.isAfter(graceUntil)
          ? new RightsStatus.Suspended(graceUntil.plusDays(1))
          : new RightsStatus.Grace(graceUntil);
    }
    LocalDate opensOn = firstPaidOn.plusMonths(waitingPeriodMonths);
    if (today.isBefore(opensOn)) return new RightsStatus.Waiting(opensOn, coveredUntil);
    return new RightsStatus.Open(coveredUntil);
  }

  /**
   * The days a new payment of {@code months} covers: straight after the current cover when it still
   * runs on the day of payment, else from the day of payment.
   */
  public static CoveredPeriod nextPeriod(LocalDate coveredUntil, LocalDate paidOn, int months) {
    LocalDate from = coveredUntil != null && !coveredUntil.isBefore(paidOn) ? coveredUntil.plusDays(1) : paidOn;
    return new CoveredPeriod(from, from.plusMonths(months).minusDays(1));
  }

  public record CoveredPeriod(LocalDate from, LocalDate until) {}
}
