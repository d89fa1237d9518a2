package org.keneya.flows.collectors;

import java.util.List;
import java.util.Map;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.Posting;

/**
 * A collector's remittance, as the treasurer saw {@code amount} of the collector's cash reach the
 * bank or microfinance institution: it clears the whole {@code position} (the {@code deposits}
 * confirmed and not yet remitted), and the {@code shortfall} between them (negative when more
 * reached the bank than was held) waits in its own account for review.
 */
public record Remittance(String slipReference, String institution, long position, int deposits, long amount, long shortfall, String memo,
    List<Posting> postings) {
  public static final String AUDIT_ACTION = "collector.remittance";

  public Remittance {
    postings = List.copyOf(postings);
  }

  /** The remittance by collector {@code collector} of {@code amount}, on slip {@code slipReference}, against their position. */
  public static Remittance plan(String collector, String slipReference, String institution, long position, int deposits, long amount) {
    long shortfall = position - amount;
    String memo = "Remittance " + slipReference + " (" + institution + ") of collector " + collector
        + (shortfall == 0 ? "" : ", difference of " + shortfall + " held for review");
    return new Remittance(slipReference, institution, position, deposits, amount, shortfall, memo,
        JournalEntries.remittance(position, amount));
  }

  /** What the audit log keeps of it. */
  public Map<String, Object> auditDetail() {
    return Map.of("slip", slipReference, "amount", amount, "position", position, "shortfall", shortfall);
  }
}
