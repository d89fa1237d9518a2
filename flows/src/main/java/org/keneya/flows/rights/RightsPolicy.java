package org.keneya.flows.rights;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.keneya.config.ProductConfig;

/**
 * Rights from what was paid. The waiting period counts from the first contribution paid (003
 * L1332); its length, the grace period and whether a member whose rights were suspended waits again
 * are per-product configuration, since they come from each mutual's statutes.
 *
 * <p>Every span counted in months (a paid period, the waiting period, the grace period) runs from
 * its first day to the day before the same day of the month that many months later, and, when that
 * month has no such day, to its last day: one month from 31 January ends on 28 (or 29) February, as
 * French law counts time limits in months. Java's {@code plusMonths} then minus a day would end it on
 * 27 February, so a member paying on the 29th to the 31st would lose days another member keeps.
 */
public final class RightsPolicy {
  private RightsPolicy() {}

  /**
   * Rights when a member's first waiting period counts for good, whatever happened since.
   *
   * @param firstPaidOn day the first contribution was confirmed, null if none
   * @param coveredUntil last day covered by the contributions paid, null if none
   */
  public static RightsStatus evaluate(
      LocalDate firstPaidOn, LocalDate coveredUntil, LocalDate today, int waitingPeriodMonths, int gracePeriodMonths) {
    return evaluate(firstPaidOn, firstPaidOn, coveredUntil, today, waitingPeriodMonths, gracePeriodMonths, false);
  }

  /**
   * Rights under {@code product}'s rules.
   *
   * @param coverStartedOn first day of the uninterrupted cover {@code coveredUntil} ends, as {@link
   *     #coverStartedOn} finds it; null when unknown, which counts the waiting period from {@code firstPaidOn}
   */
  public static RightsStatus evaluate(
      LocalDate firstPaidOn, LocalDate coverStartedOn, LocalDate coveredUntil, LocalDate today, ProductConfig product) {
    return evaluate(firstPaidOn, coverStartedOn, coveredUntil, today, product.waitingPeriodMonths(),
        product.gracePeriodMonths(), product.newWaitingPeriodAfterSuspension());
  }

  /**
   * @param firstPaidOn day the first contribution was confirmed, null if none
   * @param coverStartedOn first day of the uninterrupted cover {@code coveredUntil} ends; null when unknown
   * @param coveredUntil last day covered by the contributions paid, null if none
   * @param newWaitingPeriodAfterSuspension whether the waiting period counts again from {@code coverStartedOn}
   */
  public static RightsStatus evaluate(LocalDate firstPaidOn, LocalDate coverStartedOn, LocalDate coveredUntil, LocalDate today,
      int waitingPeriodMonths, int gracePeriodMonths, boolean newWaitingPeriodAfterSuspension) {
    if (firstPaidOn == null || coveredUntil == null) return new RightsStatus.NotPaid();
    if (today.isAfter(coveredUntil)) {
      LocalDate graceUntil = graceUntil(coveredUntil, gracePeriodMonths);
      return today.isAfter(graceUntil)
          ? new RightsStatus.Suspended(graceUntil.plusDays(1))
          : new RightsStatus.Grace(graceUntil);
    }
    // A cover that never lapsed started with the first payment; a date before it is a reading error, not a second start.
    boolean waitsAgain = newWaitingPeriodAfterSuspension && coverStartedOn != null && coverStartedOn.isAfter(firstPaidOn);
    LocalDate opensOn = lastDayOf(waitsAgain ? coverStartedOn : firstPaidOn, waitingPeriodMonths).plusDays(1);
    if (today.isBefore(opensOn)) return new RightsStatus.Waiting(opensOn, coveredUntil);
    return new RightsStatus.Open(coveredUntil);
  }

  /** The last day of grace after a cover ending on {@code coveredUntil}: a payment up to that day keeps rights continuous. */
  public static LocalDate graceUntil(LocalDate coveredUntil, int gracePeriodMonths) {
    return lastDayOf(coveredUntil.plusDays(1), gracePeriodMonths);
  }

  /**
   * Whether a payment on {@code paidOn} continues the cover ending on {@code coveredUntil} (null:
   * none) rather than starting a new one: it does when made by the last day of grace.
   */
  public static boolean continuesCover(LocalDate coveredUntil, LocalDate paidOn, int gracePeriodMonths) {
    return coveredUntil != null && !paidOn.isAfter(graceUntil(coveredUntil, gracePeriodMonths));
  }

  /**
   * The first day of the uninterrupted cover the latest of {@code periods} belongs to; null when
   * there are none. A payment starts a new cover when made after the grace of every period paid
   * before it: the person's rights were suspended on the day they paid.
   */
  public static LocalDate coverStartedOn(List<PaidPeriod> periods, int gracePeriodMonths) {
    List<PaidPeriod> inOrder = periods.stream()
        .sorted(Comparator.comparing(PaidPeriod::paidOn).thenComparing(PaidPeriod::from))
        .toList();
    LocalDate started = null;
    LocalDate coveredUntil = null;
    for (PaidPeriod period : inOrder) {
      if (!continuesCover(coveredUntil, period.paidOn(), gracePeriodMonths)) started = period.from();
      if (coveredUntil == null || period.until().isAfter(coveredUntil)) coveredUntil = period.until();
    }
    return started;
  }

  /**
   * The days a new payment of {@code months} covers: straight after the current cover when it still
   * runs on the day of payment, else from the day of payment.
   */
  public static CoveredPeriod nextPeriod(LocalDate coveredUntil, LocalDate paidOn, int months) {
    if (months < 1) throw new IllegalArgumentException("a payment covers at least one month, not " + months);
    LocalDate from = coveredUntil != null && !coveredUntil.isBefore(paidOn) ? coveredUntil.plusDays(1) : paidOn;
    return new CoveredPeriod(from, lastDayOf(from, months));
  }

  /**
   * The last day of {@code months} months that begin on {@code first}: the day before the same day
   * {@code months} later, or that month's last day when it has no such day; the day before {@code
   * first} for zero months.
   */
  public static LocalDate lastDayOf(LocalDate first, int months) {
    LocalDate sameDay = first.plusMonths(months);
    // plusMonths falls back to the month's last day when the day does not exist there; that day is then the span's last.
    return sameDay.getDayOfMonth() < first.getDayOfMonth() ? sameDay : sameDay.minusDays(1);
  }

  public record CoveredPeriod(LocalDate from, LocalDate until) {}

  /**
   * A period as booked for one person (a row of {@code receipt_member}). The day of payment is kept
   * because a period paid with grace 0 on the day after the cover ended, and one paid ahead, both
   * begin that day; only the day of payment tells the lapsed one from the continuing one.
   */
  public record PaidPeriod(LocalDate paidOn, LocalDate from, LocalDate until) {}
}
