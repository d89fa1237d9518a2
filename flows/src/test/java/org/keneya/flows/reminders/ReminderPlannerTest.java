package org.keneya.flows.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.ProductConfig;
import org.keneya.config.RemindersConfig;
import org.keneya.flows.messages.ReminderMessage;
import org.keneya.flows.messages.SmsLength;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsStatus;

/** Which reminder a household is due, day by day, under the shipped plans and calendars. */
class ReminderPlannerTest {
  private static final ReminderPlanner PLANNER = new ReminderPlanner(CONFIG.remindersOrDefaults());
  private static final ProductConfig RICE = CONFIG.product("mopti-annual").orElseThrow();
  private static final ProductConfig COTTON = CONFIG.product("cotton-harvest").orElseThrow();
  private static final ProductConfig URBAN = CONFIG.product("urban-voluntary").orElseThrow();
  private static final RightsStatus NOT_PAID = new RightsStatus.NotPaid();

  private static String key(ProductConfig product, String region, RightsStatus status, LocalDate coveredUntil, String today) {
    return PLANNER.due(product, region, status, coveredUntil, LocalDate.parse(today)).map(Reminder::key).orElse("none");
  }

  /** Rice sells from December to February in Mopti: a start on 1 December, follow-ups on days 14 and 30, each due until the next. */
  @ParameterizedTest
  @CsvSource({
      "2026-11-30, none",
      "2026-12-01, harvest-mopti-annual-2026:start",
      "2026-12-14, harvest-mopti-annual-2026:start",
      "2026-12-15, harvest-mopti-annual-2026:day-14",
      "2026-12-31, harvest-mopti-annual-2026:day-30",
      "2027-02-28, harvest-mopti-annual-2026:day-30",
      "2027-03-01, none",
      "2027-12-01, harvest-mopti-annual-2027:start"})
  void riceSeasonInMopti_acrossTheNewYear(String today, String expected) {
    assertThat(key(RICE, "mopti", NOT_PAID, null, today)).isEqualTo(expected);
  }

  @Test
  void theSeasonIsTheRegions_andARegionWithoutCalendarHasNone() {
    // Cotton sells from November in Sikasso: the 45-day follow-up falls on 16 December.
    assertThat(key(COTTON, "sikasso", NOT_PAID, null, "2026-11-01")).isEqualTo("harvest-cotton-harvest-2026:start");
    assertThat(key(COTTON, "sikasso", NOT_PAID, null, "2026-12-16")).isEqualTo("harvest-cotton-harvest-2026:day-45");
    assertThat(key(COTTON, "kayes", NOT_PAID, null, "2026-11-01")).isEqualTo("none");
    assertThat(key(RICE, "sikasso", NOT_PAID, null, "2026-12-01")).isEqualTo("none");
    assertThat(key(RICE, null, NOT_PAID, null, "2026-12-01")).isEqualTo("none");
  }

  @Test
  void onlyHouseholdsWithAnAmountDue_areReminded() {
    LocalDate today = LocalDate.of(2026, 12, 1);
    // Mopti's plan counts a cover ending within 90 days as due: 28 February is, 2 March is not.
    assertThat(key(RICE, "mopti", new RightsStatus.Open(today.plusDays(89)), today.plusDays(89), "2026-12-01"))
        .isEqualTo("harvest-mopti-annual-2026:start");
    assertThat(key(RICE, "mopti", new RightsStatus.Open(today.plusDays(90)), today.plusDays(90), "2026-12-01"))
        .isEqualTo("harvest-mopti-annual-2026:start");
    assertThat(key(RICE, "mopti", new RightsStatus.Open(today.plusDays(91)), today.plusDays(91), "2026-12-01")).isEqualTo("none");
    assertThat(key(RICE, "mopti", new RightsStatus.Waiting(today.plusMonths(2), today.plusMonths(11)), today.plusMonths(11), "2026-12-01"))
        .isEqualTo("none");
    assertThat(key(RICE, "mopti", new RightsStatus.Suspended(LocalDate.of(2026, 6, 1)), LocalDate.of(2026, 5, 1), "2026-12-01"))
        .isEqualTo("harvest-mopti-annual-2026:start");
  }

  @Test
  void theLastReminderBeforeSuspension_comesSevenDaysAhead_andGoesFirst() {
    LocalDate graceUntil = LocalDate.of(2026, 12, 10);
    RightsStatus grace = new RightsStatus.Grace(graceUntil);
    assertThat(key(URBAN, "bamako", grace, graceUntil.minusMonths(1), "2026-12-02")).isEqualTo("none");
    Optional<Reminder> due = PLANNER.due(URBAN, "bamako", grace, graceUntil.minusMonths(1), LocalDate.of(2026, 12, 3));
    assertThat(due).get().satisfies(r -> {
      assertThat(r.key()).isEqualTo("suspension-urban-voluntary:2026-12-10");
      assertThat(r.campaign()).isEqualTo("suspension-urban-voluntary-2026-12");
      assertThat(r.kind()).isEqualTo(Reminder.Kind.BEFORE_SUSPENSION);
      assertThat(r.deadline()).isEqualTo(graceUntil);
    });
    assertThat(key(URBAN, "bamako", grace, graceUntil.minusMonths(1), "2026-12-10")).isEqualTo("suspension-urban-voluntary:2026-12-10");
    // In season, suspension is more pressing than the harvest.
    assertThat(key(RICE, "mopti", grace, graceUntil.minusMonths(1), "2026-12-05")).isEqualTo("suspension-mopti-annual:2026-12-10");
  }

  @Test
  void octobersSolidarityMonth_remindsEveryProductsHouseholdsThatOwe() {
    assertThat(key(URBAN, "bamako", NOT_PAID, null, "2026-09-30")).isEqualTo("none");
    assertThat(key(URBAN, "bamako", NOT_PAID, null, "2026-10-01")).isEqualTo("solidarity-month-2026:day-1");
    assertThat(key(URBAN, "bamako", NOT_PAID, null, "2026-10-20")).isEqualTo("solidarity-month-2026:day-15");
    assertThat(key(URBAN, "bamako", NOT_PAID, null, "2026-11-01")).isEqualTo("none");
    // Urban cover is monthly and due only once over: a member covered through October gets none.
    assertThat(key(URBAN, "bamako", new RightsStatus.Open(LocalDate.of(2026, 10, 31)), LocalDate.of(2026, 10, 31), "2026-10-01"))
        .isEqualTo("none");
    assertThat(key(COTTON, "sikasso", NOT_PAID, null, "2026-10-15")).isEqualTo("solidarity-month-2026:day-15");
  }

  @ParameterizedTest
  @CsvSource({"11, 2, 2027-01-15, 2026-11-01", "11, 2, 2026-10-31, ", "3, 5, 2026-04-30, 2026-03-01", "3, 5, 2026-06-01, "})
  void seasonStart(int from, int to, String today, String expected) {
    Optional<LocalDate> start = ReminderPlanner.seasonStart(new RemindersConfig.Harvest("crop", List.of("r"), from, to), LocalDate.parse(today));
    assertThat(start.map(LocalDate::toString).orElse(null)).isEqualTo(expected);
  }

  /** Every reminder, in both languages, with a long amount and number, fits one GSM 7-bit SMS: each part costs the mutual. */
  @Test
  void everyReminderFitsOneSms() {
    List<Reminder> reminders = List.of(
        new Reminder("c", "k", Reminder.Kind.HARVEST_START, null, "reminder.harvestStart"),
        new Reminder("c", "k", Reminder.Kind.HARVEST_FOLLOW_UP, null, "reminder.harvestFollowUp"),
        new Reminder("c", "k", Reminder.Kind.BEFORE_SUSPENSION, LocalDate.of(2026, 12, 10), "reminder.beforeSuspension"),
        new Reminder("c", "k", Reminder.Kind.CAMPAIGN, null, "reminder.solidarity"));
    for (String language : List.of("fr", "bm")) {
      for (Reminder reminder : reminders) {
        for (ProductConfig product : List.of(RICE, COTTON)) {
          Money due = product == COTTON ? Money.of(2, "XOF") : Money.of(125_460, "XOF");
          String text = ReminderMessage.render(MESSAGES, language, reminder, product, "MOP", "MOP-123456", due, "*144*12#");
          assertThat(SmsLength.isGsm7(text)).as(text).isTrue();
          assertThat(SmsLength.parts(text)).as(text + " (" + text.length() + ")").isEqualTo(1);
        }
      }
    }
    assertThat(ReminderMessage.render(MESSAGES, "fr", reminders.get(0), COTTON, "NGN", "NGN-000003", Money.of(2, "XOF"), "*144#"))
        .isEqualTo("NGN foyer NGN-000003: la saison des ventes commence. Cotisation santé: 2 FCFA par kg vendu. Composez *144#. "
            + "STOP: plus de rappels");
  }
}
