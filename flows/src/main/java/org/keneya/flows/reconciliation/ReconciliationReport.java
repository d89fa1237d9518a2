package org.keneya.flows.reconciliation;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts and amounts of each outcome, per day, for one provider's statement. */
public final class ReconciliationReport {
  /** How many lines or payments had an outcome, and the francs they carried. */
  public record Tally(int count, long amount) {
    Tally plus(long more) {
      return new Tally(count + 1, amount + more);
    }
  }

  /** {@code day} null: lines that could not be read, or carried no date. */
  public record Day(LocalDate day, Map<Outcome, Tally> outcomes) {}

  private ReconciliationReport() {}

  public static List<Day> perDay(List<StatementMatcher.Match> matches) {
    Map<LocalDate, Map<Outcome, Tally>> days = new TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
    for (StatementMatcher.Match match : matches) {
      LocalDate day = match.line() != null ? match.line().day() : match.payment().day();
      long amount = match.line() != null && match.line().amount() != null ? match.line().amount().amount()
          : match.payment() != null ? match.payment().asked().amount() : 0;
      days.computeIfAbsent(day, d -> new EnumMap<>(Outcome.class)).merge(match.outcome(), new Tally(1, amount),
          (a, b) -> a.plus(b.amount()));
    }
    return days.entrySet().stream().map(e -> new Day(e.getKey(), e.getValue())).toList();
  }
}
