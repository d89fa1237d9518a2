package org.keneya.flows.collectors;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.keneya.config.CollectorsConfig;

/** What the anomalies report names for the mutual to check in a collector's figures, by the thresholds of {@code collectors}. */
public final class CollectorAnomalies {
  private CollectorAnomalies() {}

  /**
   * The anomalies of {@code figures} at {@code now}: cash held too long or too much, disputes,
   * auto-confirmations, late entries, remittance differences, PIN entries delayed after wrong PINs.
   */
  public static List<String> of(CollectorFigures figures, CollectorsConfig rules, OffsetDateTime now) {
    List<String> flags = new ArrayList<>();
    OffsetDateTime heldTooLong = now.minusDays(rules.cashHeldDays());
    if (figures.heldSince() != null && figures.heldSince().isBefore(heldTooLong)) flags.add("cash held over " + rules.cashHeldDays() + " days");
    if (figures.position() > rules.cashHeldAmount()) flags.add("holds over " + rules.cashHeldAmount());
    if (figures.disputes() > 0) flags.add(figures.disputes() + " disputed");
    if (figures.autoConfirmed() > 0) flags.add(figures.autoConfirmed() + " auto-confirmed without the member's answer");
    if (figures.enteredLate() > 0) flags.add(figures.enteredLate() + " entered " + rules.enteredLateHours() + " h or more after collection");
    if (figures.shortfalls() > 0) {
      flags.add(figures.shortfalls() + " remittances differing from the position, " + figures.shortfallTotal() + " in all");
    }
    if (figures.pinDelaysStarted() != null) {
      flags.add(figures.wrongPins() + " wrong PINs in a row since " + figures.pinDelaysStarted() + ": PIN entries delayed"
          + (figures.pinDelayedUntil() != null ? " until " + figures.pinDelayedUntil() : "")
          + " (unlock clears them)");
    }
    return List.copyOf(flags);
  }
}
