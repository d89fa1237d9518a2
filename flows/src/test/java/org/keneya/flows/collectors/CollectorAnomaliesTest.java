package org.keneya.flows.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.CollectorsConfig;

/** The anomalies named by the default thresholds: 7 days or 100,000 FCFA of cash held, entered 12 h late. */
class CollectorAnomaliesTest {
  private static final CollectorsConfig RULES = CollectorsConfig.defaults();
  private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZoneOffset.UTC);

  private static CollectorFigures figures(long position, int heldDays, int disputes, int autoConfirmed, int enteredLate, int shortfalls,
      long shortfallTotal) {
    return new CollectorFigures(UUID.randomUUID(), "Bakary Traore", "konna", 0, null, null, position,
        position == 0 ? null : NOW.minusDays(heldDays), 0, disputes, autoConfirmed, enteredLate, position, shortfalls, shortfallTotal);
  }

  @ParameterizedTest(name = "{0} held {1} days, {2} disputed, {3} auto, {4} late, {5} shortfalls")
  @CsvSource(delimiter = '|', value = {
      "0      | 0 | 0 | 0 | 0 | 0 | 0   | ",
      "4460   | 7 | 0 | 0 | 0 | 0 | 0   | ",
      "4460   | 8 | 0 | 0 | 0 | 0 | 0   | cash held over 7 days",
      "100000 | 1 | 0 | 0 | 0 | 0 | 0   | ",
      "100001 | 1 | 0 | 0 | 0 | 0 | 0   | holds over 100000",
      "8650   | 1 | 2 | 1 | 3 | 0 | 0   | 2 disputed;1 auto-confirmed without the member's answer;3 entered 12 h or more after collection",
      "0      | 0 | 0 | 0 | 0 | 2 | 560 | 2 remittances differing from the position, 560 in all"})
  void theThresholdsNameWhatToCheck(long position, int heldDays, int disputes, int autoConfirmed, int enteredLate, int shortfalls,
      long shortfallTotal, String named) {
    assertThat(CollectorAnomalies.of(figures(position, heldDays, disputes, autoConfirmed, enteredLate, shortfalls, shortfallTotal), RULES, NOW))
        .isEqualTo(named == null ? List.of() : List.of(named.split(";")));
  }

  @Test
  void pinDelaysAreNamedWithTheirEnd_whileTheyLast() {
    OffsetDateTime started = NOW.minusHours(1);
    CollectorFigures delayed = new CollectorFigures(UUID.randomUUID(), "Bakary Traore", "konna", 4, started, NOW.plusMinutes(15), 0, null, 0,
        0, 0, 0, 0, 0, 0);
    assertThat(CollectorAnomalies.of(delayed, RULES, NOW)).containsExactly(
        "4 wrong PINs in a row since 2026-11-30T08:00Z: PIN entries delayed until 2026-11-30T09:15Z (unlock clears them)");
    CollectorFigures over = new CollectorFigures(UUID.randomUUID(), "Bakary Traore", "konna", 4, started, null, 0, null, 0, 0, 0, 0, 0, 0, 0);
    assertThat(CollectorAnomalies.of(over, RULES, NOW)).containsExactly(
        "4 wrong PINs in a row since 2026-11-30T08:00Z: PIN entries delayed (unlock clears them)");
  }
}
