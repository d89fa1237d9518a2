package org.keneya.flows.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RightsPolicyTest {

  @ParameterizedTest(name = "first paid {0}, covered until {1}, on {2}: {3} {4}")
  @CsvSource(nullValues = "-", value = {
      "-,          -,          2026-05-01, NOT_PAID,  -",
      // waiting period of 3 months from the first payment (003 L1332)
      "2026-01-15, 2027-01-14, 2026-01-15, WAITING,   2026-04-15",
      "2026-01-15, 2027-01-14, 2026-04-14, WAITING,   2026-04-15",
      "2026-01-15, 2027-01-14, 2026-04-15, OPEN,      2027-01-14",
      // a payment on the last day of a month: the waiting period ends on the month's last day
      "2025-11-30, 2026-11-29, 2026-02-27, WAITING,   2026-02-28",
      "2025-11-30, 2026-11-29, 2026-02-28, OPEN,      2026-11-29",
      // leap year: 29 February
      "2027-11-29, 2028-11-28, 2028-02-28, WAITING,   2028-02-29",
      "2027-11-29, 2028-11-28, 2028-02-29, OPEN,      2028-11-28",
      // one month of grace after the paid period, then suspended
      "2025-01-01, 2025-12-31, 2025-12-31, OPEN,      2025-12-31",
      "2025-01-01, 2025-12-31, 2026-01-01, GRACE,     2026-01-31",
      "2025-01-01, 2025-12-31, 2026-01-31, GRACE,     2026-01-31",
      "2025-01-01, 2025-12-31, 2026-02-01, SUSPENDED, 2026-02-01",
  })
  void statusOnEachBoundary(LocalDate firstPaid, LocalDate coveredUntil, LocalDate today, String code, LocalDate date) {
    RightsStatus status = RightsPolicy.evaluate(firstPaid, coveredUntil, today, 3, 1);
    assertThat(status.code()).isEqualTo(code);
    LocalDate shown = status instanceof RightsStatus.Waiting w ? w.opensOn()
        : status instanceof RightsStatus.Open o ? o.coveredUntil()
        : status instanceof RightsStatus.Grace g ? g.graceUntil()
        : status instanceof RightsStatus.Suspended s ? s.since() : null;
    assertThat(shown).isEqualTo(date);
  }

  @ParameterizedTest(name = "covered until {0}, paid {1}, {2} months: {3} to {4}")
  @CsvSource(nullValues = "-", value = {
      "-,          2026-11-23, 12, 2026-11-23, 2027-11-22",
      // still covered on the day of payment: the new period follows on
      "2026-12-31, 2026-11-23, 12, 2027-01-01, 2027-12-31",
      "2026-11-23, 2026-11-23, 1,  2026-11-24, 2026-12-23",
      // lapsed: a new period starts on the day of payment
      "2026-10-31, 2026-11-23, 1,  2026-11-23, 2026-12-22",
      "2028-01-31, 2028-01-31, 1,  2028-02-01, 2028-02-29",
  })
  void nextPeriodFollowsOnOrStartsOnPayment(LocalDate coveredUntil, LocalDate paidOn, int months, LocalDate from, LocalDate until) {
    assertThat(RightsPolicy.nextPeriod(coveredUntil, paidOn, months)).isEqualTo(new RightsPolicy.CoveredPeriod(from, until));
  }
}
