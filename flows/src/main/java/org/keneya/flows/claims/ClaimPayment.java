package org.keneya.flows.claims;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;

/**
 * What a funder's transfer for a co-financing claim books: the bank against the funder's
 * receivable, once per claim, with the bank's reference in the audit log.
 */
public final class ClaimPayment {
  private ClaimPayment() {}

  /** A claim as it stands: {@code paidOn} is null until its payment is recorded. */
  public record Claim(UUID id, String mutualId, String funderId, String quarter, long total, String currency, LocalDate paidOn) {
    public Claim {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(funderId, "funderId");
    }
  }

  /** What recording a payment decides. */
  public sealed interface Decision {
    /** Paid before: nothing more is booked. */
    record AlreadyPaid() implements Decision {}

    /** The claim is of nothing (no receipt owed a share): there is no transfer to book. */
    record NothingClaimed() implements Decision {}

    /** Book {@code journalEntry}; the claim is then paid on {@code paidOn} under the bank's {@code reference}. */
    record Book(Claim claim, LocalDate paidOn, String reference, JournalEntry journalEntry) implements Decision {
      /** The audit record of the payment, once its journal entry is written as {@code entryId}. */
      public AuditRecord audit(long entryId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("funder", claim.funderId());
        detail.put("quarter", claim.quarter());
        detail.put("amount", claim.total());
        detail.put("currency", claim.currency());
        detail.put("paidOn", paidOn.toString());
        detail.put("reference", reference);
        detail.put("journalEntry", entryId);
        return new AuditRecord("subsidy_claim.paid", "subsidy_claim:" + claim.id(), detail);
      }
    }
  }

  /** Decides what the funder's transfer of {@code claim}, received on {@code paidOn} under the bank's {@code reference}, books. */
  public static Decision decide(Claim claim, LocalDate paidOn, String reference) {
    if (claim.paidOn() != null) return new Decision.AlreadyPaid();
    if (claim.total() == 0) return new Decision.NothingClaimed();
    long total = claim.total();
    JournalEntry entry = new JournalEntry(claim.mutualId(), null, JournalEntry.Kind.SUBSIDY_RECEIVED,
        "Subsidy from " + claim.funderId() + " for " + claim.quarter() + " (" + reference + ")", claim.currency(),
        List.of(new Posting(JournalEntries.BANK, total), new Posting(JournalEntries.subsidyReceivable(claim.funderId()), -total)));
    return new Decision.Book(claim, paidOn, reference, entry);
  }
}
