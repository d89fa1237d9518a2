package org.keneya.flows.collectors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.JournalEntry;

/**
 * A collector's remittance, as the treasurer saw the {@code slip}'s amount of the collector's cash
 * reach the bank or microfinance institution: it clears the whole {@code position} (the {@code
 * deposits} confirmed and not yet remitted), and {@code entry} moves it to the bank, the {@code
 * shortfall} between them (negative when more reached the bank than was held) waiting in its own
 * account for review.
 */
public record Remittance(UUID collectorId, Slip slip, long position, int deposits, long shortfall, JournalEntry entry) {
  public static final String AUDIT_ACTION = "collector.remittance";

  /** The deposit slip: its reference in the mutual, the institution ({@code bank} or {@code microfinance}), the amount deposited. */
  public record Slip(String reference, String institution, long amount) {}

  /**
   * The remittance of {@code slip} by collector {@code collectorName} of mutual {@code mutualId},
   * in {@code currency}, against the {@code position} of {@code deposits} they hold.
   */
  public static Remittance plan(String mutualId, String currency, UUID collectorId, String collectorName, Slip slip, long position,
      int deposits) {
    long shortfall = position - slip.amount();
    String memo = "Remittance " + slip.reference() + " (" + slip.institution() + ") of collector " + collectorName
        + (shortfall == 0 ? "" : ", difference of " + shortfall + " held for review");
    return new Remittance(collectorId, slip, position, deposits, shortfall,
        new JournalEntry(mutualId, null, JournalEntry.Kind.REMITTANCE, memo, currency, JournalEntries.remittance(position, slip.amount())));
  }

  /** What the audit log keeps of it, under the collector. */
  public AuditRecord audit() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("slip", slip.reference());
    detail.put("amount", slip.amount());
    detail.put("position", position);
    detail.put("shortfall", shortfall);
    return new AuditRecord(AUDIT_ACTION, collectorId.toString(), detail);
  }
}
