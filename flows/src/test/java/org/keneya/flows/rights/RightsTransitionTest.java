package org.keneya.flows.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.messages.RightsNotice;
import org.keneya.flows.money.Money;

class RightsTransitionTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  private static final Map<String, RightsStatus> NOW = Map.of(
      "NOT_PAID", new RightsStatus.NotPaid(),
      "WAITING", new RightsStatus.Waiting(DAY.plusMonths(2), DAY.plusMonths(11)),
      "OPEN", new RightsStatus.Open(DAY.plusMonths(5)),
      "GRACE", new RightsStatus.Grace(DAY.plusDays(20)),
      "SUSPENDED", new RightsStatus.Suspended(DAY.minusDays(3)));

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(nullValues = "none", value = {
      // told before, now,      what to tell
      // first recording: nothing, so that a new deployment does not message every member at once
      "none,       NOT_PAID,   none",
      "none,       WAITING,    none",
      "none,       OPEN,       none",
      "none,       GRACE,      none",
      "none,       SUSPENDED,  none",
      // a first payment: the receipt SMS tells it
      "NOT_PAID,   NOT_PAID,   none",
      "NOT_PAID,   WAITING,    none",
      "NOT_PAID,   OPEN,       OPENED",
      "NOT_PAID,   GRACE,      none",
      "NOT_PAID,   SUSPENDED,  none",
      // NOT_PAID after a status: every receipt reversed, which the reversal SMS tells
      "WAITING,    NOT_PAID,   none",
      "WAITING,    WAITING,    none",
      "WAITING,    OPEN,       OPENED",
      "WAITING,    GRACE,      GRACE_STARTED",
      "WAITING,    SUSPENDED,  SUSPENDED",
      "OPEN,       NOT_PAID,   none",
      "OPEN,       WAITING,    none",
      "OPEN,       OPEN,       none",
      "OPEN,       GRACE,      GRACE_STARTED",
      "OPEN,       SUSPENDED,  SUSPENDED",
      // paid in grace: rights never stopped, the receipt SMS tells the new cover
      "GRACE,      NOT_PAID,   none",
      "GRACE,      WAITING,    none",
      "GRACE,      OPEN,       none",
      "GRACE,      GRACE,      none",
      "GRACE,      SUSPENDED,  SUSPENDED",
      "SUSPENDED,  NOT_PAID,   none",
      // paid after suspension into a (new or unfinished) waiting period: rights are not back yet
      "SUSPENDED,  WAITING,    none",
      "SUSPENDED,  OPEN,       REOPENED",
      "SUSPENDED,  GRACE,      none",
      "SUSPENDED,  SUSPENDED,  none",
  })
  void whatIsToldForEachChange(String before, String now, RightsTransition told) {
    assertThat(RightsTransition.between(before, NOW.get(now))).isEqualTo(java.util.Optional.ofNullable(told));
  }

  @Test
  void everyNoticeFitsOneSmsInBothLanguages() {
    Messages messages = new Messages(MessageCatalogues.loadShipped());
    for (String language : new String[] {"fr", "bm"}) {
      for (RightsTransition transition : RightsTransition.values()) {
        for (Money due : new Money[] {Money.of(999_999_999L, "XOF"), null}) {
          for (int persons : new int[] {40, 39}) {
            String text = RightsNotice.render(messages, language, "MOPTI", "MOPTI-999999", transition, persons, 40, DAY, due, "*144*12#");
            assertThat(text.length()).as(text).isLessThanOrEqualTo(160);
            assertThat(text).doesNotContain("{");
          }
        }
      }
    }
  }
}
