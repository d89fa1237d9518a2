package org.keneya.flows.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.time.api.constraints.DateRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.ProductConfig;
import org.keneya.flows.rights.RightsPolicy.CoveredPeriod;
import org.keneya.flows.rights.RightsPolicy.PaidPeriod;

class RightsPolicyTest {

  /** The date a status shows: when rights open, until when they run, when grace ends, since when they are suspended. */
  static LocalDate shown(RightsStatus status) {
    return status instanceof RightsStatus.Waiting w ? w.opensOn()
        : status instanceof RightsStatus.Open o ? o.coveredUntil()
        : status instanceof RightsStatus.Grace g ? g.graceUntil()
        : status instanceof RightsStatus.Suspended s ? s.since() : null;
  }

  @ParameterizedTest(name = "first paid {0}, covered until {1}, on {2}: {3} {4}")
  @CsvSource(nullValues = "-", value = {
      "-,          -,          2026-05-01, NOT_PAID,  -",
      "-,          2026-12-31, 2026-05-01, NOT_PAID,  -",
      // waiting period of 3 months from the first payment (003 L1332): 15 January to 14 April
      "2026-01-15, 2027-01-14, 2026-01-15, WAITING,   2026-04-15",
      "2026-01-15, 2027-01-14, 2026-04-13, WAITING,   2026-04-15",
      "2026-01-15, 2027-01-14, 2026-04-14, WAITING,   2026-04-15",
      "2026-01-15, 2027-01-14, 2026-04-15, OPEN,      2027-01-14",
      // from the 28th, the same day exists in February: the waiting period ends the day before it
      "2025-11-28, 2026-11-27, 2026-02-27, WAITING,   2026-02-28",
      "2025-11-28, 2026-11-27, 2026-02-28, OPEN,      2026-11-27",
      // from the 29th or 30th, February has no such day: the waiting period runs to its last day
      "2025-11-29, 2026-11-28, 2026-02-28, WAITING,   2026-03-01",
      "2025-11-30, 2026-11-29, 2026-02-27, WAITING,   2026-03-01",
      "2025-11-30, 2026-11-29, 2026-02-28, WAITING,   2026-03-01",
      "2025-11-30, 2026-11-29, 2026-03-01, OPEN,      2026-11-29",
      // leap year: 29 February 2028 exists
      "2027-11-29, 2028-11-28, 2028-02-28, WAITING,   2028-02-29",
      "2027-11-29, 2028-11-28, 2028-02-29, OPEN,      2028-11-28",
      "2027-11-30, 2028-11-29, 2028-02-29, WAITING,   2028-03-01",
      "2027-11-30, 2028-11-29, 2028-03-01, OPEN,      2028-11-29",
      // one month of grace after the paid period, then suspended
      "2025-01-01, 2025-12-31, 2025-12-30, OPEN,      2025-12-31",
      "2025-01-01, 2025-12-31, 2025-12-31, OPEN,      2025-12-31",
      "2025-01-01, 2025-12-31, 2026-01-01, GRACE,     2026-01-31",
      "2025-01-01, 2025-12-31, 2026-01-31, GRACE,     2026-01-31",
      "2025-01-01, 2025-12-31, 2026-02-01, SUSPENDED, 2026-02-01",
      "2025-01-01, 2025-12-31, 2027-06-15, SUSPENDED, 2026-02-01",
      // cover ending with a 28-day February: grace is the whole of March (31 days)
      "2025-03-01, 2026-02-28, 2026-03-01, GRACE,     2026-03-31",
      "2025-03-01, 2026-02-28, 2026-03-31, GRACE,     2026-03-31",
      "2025-03-01, 2026-02-28, 2026-04-01, SUSPENDED, 2026-04-01",
      // cover ending on 30 January: February has no 31st, grace ends with it
      "2025-01-31, 2026-01-30, 2026-02-28, GRACE,     2026-02-28",
      "2025-01-31, 2026-01-30, 2026-03-01, SUSPENDED, 2026-03-01",
      // cover ending with a 30-day month: grace is the whole of May (31 days)
      "2025-05-01, 2026-04-30, 2026-05-31, GRACE,     2026-05-31",
      "2025-05-01, 2026-04-30, 2026-06-01, SUSPENDED, 2026-06-01",
      // leap year: grace after 31 January 2028 runs through 29 February
      "2027-02-01, 2028-01-31, 2028-02-29, GRACE,     2028-02-29",
      "2027-02-01, 2028-01-31, 2028-03-01, SUSPENDED, 2028-03-01",
      // leap year: grace from 29 January 2028 ends the day before 29 February
      "2027-01-29, 2028-01-28, 2028-02-28, GRACE,     2028-02-28",
      "2027-01-29, 2028-01-28, 2028-02-29, SUSPENDED, 2028-02-29",
      // one paid month ends before the waiting period: grace, not rights
      "2026-01-15, 2026-02-14, 2026-02-14, WAITING,   2026-04-15",
      "2026-01-15, 2026-02-14, 2026-02-15, GRACE,     2026-03-14",
      "2026-01-15, 2026-02-14, 2026-03-15, SUSPENDED, 2026-03-15",
  })
  void statusOnEachBoundary(LocalDate firstPaid, LocalDate coveredUntil, LocalDate today, String code, LocalDate date) {
    RightsStatus status = RightsPolicy.evaluate(firstPaid, coveredUntil, today, 3, 1);
    assertThat(status.code()).isEqualTo(code);
    assertThat(shown(status)).isEqualTo(date);
    assertThat(RightsPolicy.evaluate(firstPaid, firstPaid, coveredUntil, today, 3, 1, true))
        .as("a cover that started with the first payment waits the same, whatever the rule after suspension")
        .isEqualTo(status);
  }

  @ParameterizedTest(name = "waiting {0}, grace {1}; first paid {2}, covered until {3}, on {4}: {5} {6}")
  @CsvSource({
      // no waiting period: rights open on the day of the first payment
      "0,  1, 2026-01-15, 2026-02-14, 2026-01-15, OPEN,      2026-02-14",
      // no grace: suspended the day after the last day covered
      "3,  0, 2025-01-01, 2026-03-31, 2026-03-31, OPEN,      2026-03-31",
      "3,  0, 2025-01-01, 2026-03-31, 2026-04-01, SUSPENDED, 2026-04-01",
      // two months of grace
      "3,  2, 2025-01-01, 2025-12-31, 2026-02-28, GRACE,     2026-02-28",
      "3,  2, 2025-01-01, 2025-12-31, 2026-03-01, SUSPENDED, 2026-03-01",
      // six months of waiting from 31 August: February has no 31st
      "6,  1, 2025-08-31, 2026-08-30, 2026-02-28, WAITING,   2026-03-01",
      "6,  1, 2025-08-31, 2026-08-30, 2026-03-01, OPEN,      2026-08-30",
      // a year of waiting from 29 February 2028: 2029 has no 29 February
      "12, 1, 2028-02-29, 2029-12-31, 2029-02-28, WAITING,   2029-03-01",
      "12, 1, 2028-02-29, 2029-12-31, 2029-03-01, OPEN,      2029-12-31",
  })
  void periodsOfOtherLengths(int waiting, int grace, LocalDate firstPaid, LocalDate coveredUntil, LocalDate today,
      String code, LocalDate date) {
    RightsStatus status = RightsPolicy.evaluate(firstPaid, coveredUntil, today, waiting, grace);
    assertThat(status.code()).isEqualTo(code);
    assertThat(shown(status)).isEqualTo(date);
  }

  /**
   * A member paid from 10 January 2025 for a year (cover to 9 January 2026, grace to 9 February,
   * suspended from 10 February), or monthly from 15 January 2026; waiting 3 months, grace 1 month.
   */
  @ParameterizedTest(name = "new waiting {0}: first paid {1}, cover since {2} until {3}, on {4}: {5} {6}")
  @CsvSource(nullValues = "-", value = {
      // still suspended: the rule only matters once the member pays again
      "false, 2025-01-10, 2025-01-10, 2026-01-09, 2026-03-04, SUSPENDED, 2026-02-10",
      "true,  2025-01-10, 2025-01-10, 2026-01-09, 2026-03-04, SUSPENDED, 2026-02-10",
      // paid again on 5 March 2026 for a year: without a new waiting period, rights reopen at once
      "false, 2025-01-10, 2026-03-05, 2027-03-04, 2026-03-05, OPEN,      2027-03-04",
      // with one, the member waits 3 months from that payment: 5 March to 4 June
      "true,  2025-01-10, 2026-03-05, 2027-03-04, 2026-03-05, WAITING,   2026-06-05",
      "true,  2025-01-10, 2026-03-05, 2027-03-04, 2026-06-04, WAITING,   2026-06-05",
      "true,  2025-01-10, 2026-03-05, 2027-03-04, 2026-06-05, OPEN,      2027-03-04",
      // paid on the first suspended day: a new cover all the same
      "true,  2025-01-10, 2026-02-10, 2027-02-09, 2026-02-10, WAITING,   2026-05-10",
      // paid on the last day of grace: the cover never stopped, so no new waiting period
      "true,  2025-01-10, 2025-01-10, 2027-02-08, 2026-02-09, OPEN,      2027-02-08",
      // a cover start the caller does not know, or one before the first payment, counts from the first payment
      "true,  2025-01-10, -,          2027-03-04, 2026-03-05, OPEN,      2027-03-04",
      "true,  2025-01-10, 2024-12-01, 2027-03-04, 2026-03-05, OPEN,      2027-03-04",
      // suspended before the first waiting period ended (one month paid on 15 January, suspended 15 March),
      // paid again on 20 March for a month: the first waiting period still runs to 14 April ...
      "false, 2026-01-15, 2026-03-20, 2026-04-19, 2026-03-20, WAITING,   2026-04-15",
      "false, 2026-01-15, 2026-03-20, 2026-04-19, 2026-04-15, OPEN,      2026-04-19",
      // ... or a new one runs from 20 March to 19 June
      "true,  2026-01-15, 2026-03-20, 2026-04-19, 2026-04-15, WAITING,   2026-06-20",
      "true,  2026-01-15, 2026-03-20, 2026-04-19, 2026-04-20, GRACE,     2026-05-19",
      // reopened on 30 November 2028: the new waiting period runs to the end of February 2029
      "true,  2025-01-10, 2028-11-30, 2029-11-29, 2029-02-28, WAITING,   2029-03-01",
      "true,  2025-01-10, 2028-11-30, 2029-11-29, 2029-03-01, OPEN,      2029-11-29",
  })
  void reopeningAfterSuspension(boolean newWaiting, LocalDate firstPaid, LocalDate coverStarted, LocalDate coveredUntil,
      LocalDate today, String code, LocalDate date) {
    RightsStatus status = RightsPolicy.evaluate(firstPaid, coverStarted, coveredUntil, today, 3, 1, newWaiting);
    assertThat(status.code()).isEqualTo(code);
    assertThat(shown(status)).isEqualTo(date);
    assertThat(RightsPolicy.evaluate(firstPaid, coverStarted, coveredUntil, today, product(3, 1, newWaiting)))
        .as("the product's own rules give the same").isEqualTo(status);
  }

  @ParameterizedTest(name = "covered until {0}, paid {1}, {2} months: {3} to {4}")
  @CsvSource(nullValues = "-", value = {
      "-,          2026-11-23, 12, 2026-11-23, 2027-11-22",
      // still covered on the day of payment: the new period follows on
      "2026-12-31, 2026-11-23, 12, 2027-01-01, 2027-12-31",
      "2026-11-23, 2026-11-23, 1,  2026-11-24, 2026-12-23",
      // lapsed (here, in grace): a new period starts on the day of payment
      "2026-10-31, 2026-11-23, 1,  2026-11-23, 2026-12-22",
      // a month from 31 January: February has no 31st, the month ends with February
      "-,          2026-01-31, 1,  2026-01-31, 2026-02-28",
      "-,          2026-01-29, 1,  2026-01-29, 2026-02-28",
      "-,          2026-01-28, 1,  2026-01-28, 2026-02-27",
      "-,          2028-01-31, 1,  2028-01-31, 2028-02-29",
      "-,          2028-01-29, 1,  2028-01-29, 2028-02-28",
      "2028-01-31, 2028-01-31, 1,  2028-02-01, 2028-02-29",
      // 30- and 31-day months
      "-,          2026-03-31, 1,  2026-03-31, 2026-04-30",
      "-,          2026-04-30, 1,  2026-04-30, 2026-05-29",
      "2026-04-30, 2026-04-30, 1,  2026-05-01, 2026-05-31",
      "-,          2026-08-31, 1,  2026-08-31, 2026-09-30",
      // quarters
      "-,          2026-01-01, 3,  2026-01-01, 2026-03-31",
      "-,          2026-11-30, 3,  2026-11-30, 2027-02-28",
      "2027-02-28, 2027-02-28, 3,  2027-03-01, 2027-05-31",
      "-,          2027-11-30, 3,  2027-11-30, 2028-02-29",
      "-,          2026-05-31, 6,  2026-05-31, 2026-11-30",
      // years, and 29 February
      "-,          2026-01-31, 12, 2026-01-31, 2027-01-30",
      "-,          2028-02-29, 12, 2028-02-29, 2029-02-28",
      "-,          2028-03-01, 12, 2028-03-01, 2029-02-28",
      "-,          2027-03-01, 12, 2027-03-01, 2028-02-29",
      "-,          2028-02-29, 1,  2028-02-29, 2028-03-28",
  })
  void nextPeriodFollowsOnOrStartsOnPayment(LocalDate coveredUntil, LocalDate paidOn, int months, LocalDate from, LocalDate until) {
    assertThat(RightsPolicy.nextPeriod(coveredUntil, paidOn, months)).isEqualTo(new CoveredPeriod(from, until));
  }

  @Test
  void aPaymentCoversAtLeastOneMonth() {
    assertThatThrownBy(() -> RightsPolicy.nextPeriod(null, LocalDate.of(2026, 1, 1), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Payments booked one after the other as the adapters do, each from the cover the ones before left. */
  @ParameterizedTest(name = "{0} months at a time, paid {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      // monthly from 31 January, paid ahead each month on the 25th
      "1  | 2026-01-31 2026-02-25 2026-03-25 2026-04-25 | 2026-01-31..2026-02-28 2026-03-01..2026-03-31 2026-04-01..2026-04-30 2026-05-01..2026-05-31",
      // monthly in a leap year, each paid on the last day covered
      "1  | 2028-01-30 2028-02-29 2028-03-31          | 2028-01-30..2028-02-29 2028-03-01..2028-03-31 2028-04-01..2028-04-30",
      // monthly, paid in grace: the new month starts on the day of payment
      "1  | 2026-01-15 2026-03-01                     | 2026-01-15..2026-02-14 2026-03-01..2026-03-31",
      // quarterly from 30 November 2027, over 29 February 2028
      "3  | 2027-11-30 2028-02-15 2028-05-31          | 2027-11-30..2028-02-29 2028-03-01..2028-05-31 2028-06-01..2028-08-31",
      // quarterly from the 1st: calendar quarters
      "3  | 2026-01-01 2026-03-20 2026-06-30 2026-09-01 | 2026-01-01..2026-03-31 2026-04-01..2026-06-30 2026-07-01..2026-09-30 2026-10-01..2026-12-31",
      // yearly from 29 February 2028, renewed on the last day covered, then in grace
      "12 | 2028-02-29 2029-02-28 2030-03-15          | 2028-02-29..2029-02-28 2029-03-01..2030-02-28 2030-03-15..2031-03-14",
  })
  void periodsChainWithoutGapOrOverlap(int months, String payments, String periods) {
    LocalDate coveredUntil = null;
    List<String> booked = new ArrayList<>();
    for (String paid : payments.trim().split("\\s+")) {
      CoveredPeriod period = RightsPolicy.nextPeriod(coveredUntil, LocalDate.parse(paid), months);
      if (coveredUntil != null && !coveredUntil.isBefore(LocalDate.parse(paid))) {
        assertThat(period.from()).as("paid ahead: no gap, no overlap").isEqualTo(coveredUntil.plusDays(1));
      }
      booked.add(period.from() + ".." + period.until());
      coveredUntil = period.until();
    }
    assertThat(booked).containsExactly(periods.trim().split("\\s+"));
  }

  /** Periods as "paid on:from:until", in any order; grace in months. */
  @ParameterizedTest(name = "grace {0}, periods {1}: cover since {2}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "1 | -                                                                             | -",
      "1 | 2025-01-10:2025-01-10:2026-01-09                                              | 2025-01-10",
      // paid ahead
      "1 | 2025-01-10:2025-01-10:2026-01-09 2025-12-20:2026-01-10:2027-01-09             | 2025-01-10",
      // paid on the first and on the last day of grace: still one cover
      "1 | 2025-01-10:2025-01-10:2026-01-09 2026-01-10:2026-01-10:2027-01-09             | 2025-01-10",
      "1 | 2025-01-10:2025-01-10:2026-01-09 2026-02-09:2026-02-09:2027-02-08             | 2025-01-10",
      // paid on the first suspended day: a new cover
      "1 | 2025-01-10:2025-01-10:2026-01-09 2026-02-10:2026-02-10:2027-02-09             | 2026-02-10",
      // without grace, paying the day after the cover ends is too late; paying before is not
      "0 | 2025-01-10:2025-01-10:2026-01-09 2026-01-10:2026-01-10:2027-01-09             | 2026-01-10",
      "0 | 2025-01-10:2025-01-10:2026-01-09 2026-01-09:2026-01-10:2027-01-09             | 2025-01-10",
      // a second cover, renewed ahead: it started with the payment that reopened rights
      "1 | 2025-01-10:2025-01-10:2026-01-09 2026-03-05:2026-03-05:2027-03-04 2027-02-01:2027-03-05:2028-03-04 | 2026-03-05",
      // the same, listed in another order
      "1 | 2027-02-01:2027-03-05:2028-03-04 2025-01-10:2025-01-10:2026-01-09 2026-03-05:2026-03-05:2027-03-04 | 2026-03-05",
      // cover to 31 March (a month paid ahead): grace runs to 30 April, a payment on 1 May starts anew
      "1 | 2026-01-31:2026-01-31:2026-02-28 2026-02-01:2026-03-01:2026-03-31 2026-04-30:2026-04-30:2026-05-29 | 2026-01-31",
      "1 | 2026-01-31:2026-01-31:2026-02-28 2026-02-01:2026-03-01:2026-03-31 2026-05-01:2026-05-01:2026-05-31 | 2026-05-01",
  })
  void coverStartsWithTheFirstPaymentAfterSuspension(int grace, String periods, LocalDate started) {
    List<PaidPeriod> paid = periods == null ? List.of() : Arrays.stream(periods.trim().split("\\s+")).map(p -> {
      String[] days = p.split(":");
      return new PaidPeriod(LocalDate.parse(days[0]), LocalDate.parse(days[1]), LocalDate.parse(days[2]));
    }).toList();
    assertThat(RightsPolicy.coverStartedOn(paid, grace)).isEqualTo(started);
  }

  @ParameterizedTest(name = "covered until {0}, grace {1}: a payment on {2} continues the cover: {3}")
  @CsvSource(nullValues = "-", value = {
      "-,          1, 2026-01-01, false",
      "2025-12-31, 1, 2025-12-01, true",
      "2025-12-31, 1, 2026-01-31, true",
      "2025-12-31, 1, 2026-02-01, false",
      "2025-12-31, 0, 2025-12-31, true",
      "2025-12-31, 0, 2026-01-01, false",
  })
  void aPaymentByTheLastDayOfGraceContinuesTheCover(LocalDate coveredUntil, int grace, LocalDate paidOn, boolean continues) {
    assertThat(RightsPolicy.continuesCover(coveredUntil, paidOn, grace)).isEqualTo(continues);
  }

  /**
   * Day by day through a member's history, each payment booked on its day as the adapters book it and
   * the status reviewed at the end of the day as the daily run does: what is recorded and what told.
   * Monthly product, waiting 3 months, grace 1 month.
   */
  @ParameterizedTest(name = "new waiting {0}, paid {1}")
  @CsvSource(delimiter = '|', value = {
      // six months from 15 January, suspended 15 August, six months again from 10 September: reopened at once
      "false | 2026-01-15:6 2026-09-10:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-15 SUSPENDED SUSPENDED, 2026-09-10 OPEN REOPENED",
      // the same with a new waiting period: nothing told on paying (the receipt says when rights open), then opened
      "true  | 2026-01-15:6 2026-09-10:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-15 SUSPENDED SUSPENDED, 2026-09-10 WAITING, 2026-12-10 OPEN OPENED",
      // paid on the last day of grace: rights continue, with or without the rule
      "true  | 2026-01-15:6 2026-08-14:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-14 OPEN",
      "false | 2026-01-15:6 2026-08-14:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-14 OPEN",
      // paid on the first suspended day, before the daily run: a new cover, so a new waiting period
      "true  | 2026-01-15:6 2026-08-15:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-15 WAITING, 2026-11-15 OPEN OPENED",
      "false | 2026-01-15:6 2026-08-15:6 | 2026-01-01 NOT_PAID, 2026-01-15 WAITING, 2026-04-15 OPEN OPENED, 2026-07-15 GRACE GRACE_STARTED, "
          + "2026-08-15 OPEN",
      // paid ahead month by month from 31 January: never a gap
      "true  | 2026-01-31:1 2026-02-20:1 2026-03-20:1 2026-04-20:3 2026-07-20:6 | 2026-01-01 NOT_PAID, 2026-01-31 WAITING, 2026-05-01 OPEN OPENED",
  })
  void historyDayByDay(boolean newWaiting, String payments, String expected) {
    ProductConfig product = product(3, 1, newWaiting);
    List<String[]> toBook = Arrays.stream(payments.trim().split("\\s+")).map(p -> p.split(":")).toList();
    List<PaidPeriod> booked = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    String told = null;
    for (LocalDate day = LocalDate.of(2026, 1, 1); day.isBefore(LocalDate.of(2026, 12, 31)); day = day.plusDays(1)) {
      LocalDate coveredUntil = booked.stream().map(PaidPeriod::until).max(LocalDate::compareTo).orElse(null);
      for (String[] payment : toBook) {
        if (LocalDate.parse(payment[0]).equals(day)) {
          CoveredPeriod period = RightsPolicy.nextPeriod(coveredUntil, day, Integer.parseInt(payment[1]));
          booked.add(new PaidPeriod(day, period.from(), period.until()));
          coveredUntil = period.until();
        }
      }
      LocalDate firstPaidOn = booked.stream().map(PaidPeriod::paidOn).min(LocalDate::compareTo).orElse(null);
      RightsStatus status = RightsPolicy.evaluate(firstPaidOn, RightsPolicy.coverStartedOn(booked, product.gracePeriodMonths()),
          coveredUntil, day, product);
      if (!status.code().equals(told)) {
        String transition = RightsTransition.between(told, status).map(t -> " " + t).orElse("");
        changes.add(day + " " + status.code() + transition);
        told = status.code();
      }
    }
    assertThat(changes).containsExactly(expected.split(",\\s*"));
  }

  /** Paying later never ends a span earlier: nobody is worse off for paying on the 29th to the 31st. */
  @Property
  void aLaterStartNeverEndsEarlier(@ForAll @DateRange(min = "2024-01-01", max = "2030-12-31") LocalDate first,
      @ForAll @IntRange(min = 1, max = 24) int months) {
    LocalDate last = RightsPolicy.lastDayOf(first, months);
    assertThat(RightsPolicy.lastDayOf(first.plusDays(1), months)).isAfterOrEqualTo(last);
    LocalDate next = last.plusDays(1);
    // The next span begins on the same day of the month, or on the 1st when that month had no such day.
    assertThat(next.getDayOfMonth() == first.getDayOfMonth() || next.getDayOfMonth() == 1).as("next span starts %s", next).isTrue();
    assertThat(first.plusMonths(months).minusDays(1)).isBeforeOrEqualTo(last);
  }

  /** The day rights are suspended is the first day a payment no longer continues the cover. */
  @Property
  void suspensionStartsWhereContinuityEnds(@ForAll @DateRange(min = "2024-01-01", max = "2030-12-31") LocalDate coveredUntil,
      @ForAll @IntRange(min = 0, max = 3) int grace) {
    RightsStatus.Suspended suspended = (RightsStatus.Suspended) RightsPolicy.evaluate(
        coveredUntil.minusYears(1), coveredUntil, coveredUntil.plusYears(1), 0, grace);
    LocalDate lastContinuous = suspended.since().minusDays(1);
    assertThat(RightsPolicy.continuesCover(coveredUntil, lastContinuous, grace)).isTrue();
    assertThat(RightsPolicy.continuesCover(coveredUntil, suspended.since(), grace)).isFalse();
    assertThat(RightsPolicy.evaluate(coveredUntil.minusYears(1), coveredUntil, lastContinuous, 0, grace).code())
        .isEqualTo(grace == 0 ? "OPEN" : "GRACE");
    assertThat(RightsPolicy.evaluate(coveredUntil.minusYears(1), coveredUntil, suspended.since(), 0, grace).code()).isEqualTo("SUSPENDED");
  }

  static ProductConfig product(int waiting, int grace, boolean newWaiting) {
    return new ProductConfig("test", "Test", ProductConfig.Periodicity.MONTHLY, new ProductConfig.ContributionRule.PerPerson(500),
        ProductConfig.CoFinancing.memberPaysAll(), ProductConfig.Adhesion.none(), waiting, grace, newWaiting, null);
  }
}
