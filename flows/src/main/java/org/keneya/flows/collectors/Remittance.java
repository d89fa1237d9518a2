package org.keneya.flows.collectors;

import java.util.Map;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.JournalEntry;

/**
 * A collector's remittance, as the treasurer saw {@code amount} of the collector's cash reach the
 * bank or microfinance institution: it clears the whole {@code position} (the {@code deposits}
 * confirmed and not yet remitted), and {@code entry} moves it to the bank, the {@code shortfall}
 * between them (negative when more reached the bank than was held) waiting in its own account for review.
 */
public record Remittance(String slipReference, String institution, long position, int deposits, long amount, long shortfall,
    JournalEntry entry) {
  public static final String AUDIT_ACTION = "collector.remittance";

  /**
   * The remittance by collector {@code collector} of mutual {@code mutualId} of {@code amount} in
   * {@code currency}, on slip {@code slipReference}, against the position they hold.
   */
  public static Remittance plan(String mutualId, String currency, String collector, String slipReference, String institution, long position,
      int deposits, long amount) {
    long shortfall = position - amount;
    String memo = "Remittance " + slipReference + " (" + institution + ") of collector " + collector
        + (shortfall == 0 ? "" : ", difference of " + shortfall + " held for review");
    return new Remittance(slipReference, institution, position, deposits, amount, shortfall,
        new JournalEntry(mutualId, null, JournalEntry.Kind.REMITTANCE, memo, currency, JournalEntries.remittance(position, amount)));
  }

  /** What the audit log keeps of it. */
  public Map<String, Object> auditDetail() {
    return Map.of("slip", slipReference, "amount", amount, "position", position, "shortfall", shortfall);
  }
}
