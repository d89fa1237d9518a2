package org.keneya.flows.ledger;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One balanced entry of a mutual's journal, as it is written: {@code receiptId} names the receipt
 * it books or reverses (null for an entry of no receipt, such as a subsidy received or a remittance).
 */
public record JournalEntry(String mutualId, UUID receiptId, Kind kind, String memo, String currency, List<Posting> postings) {
  /** What an entry books; the {@code journal_entry.kind} column holds its code. */
  public enum Kind {
    RECEIPT("receipt"),
    REVERSAL("reversal"),
    SUBSIDY_RECEIVED("subsidy-received"),
    REMITTANCE("remittance");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public JournalEntry {
    Objects.requireNonNull(mutualId, "mutualId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(memo, "memo");
    Objects.requireNonNull(currency, "currency");
    postings = List.copyOf(postings);
    // The database checks the balance at commit too; failing here names the entry that is wrong.
    long sum = Posting.sum(postings);
    if (sum != 0) throw new IllegalArgumentException(kind.code() + " entry \"" + memo + "\" is unbalanced: postings sum to " + sum);
  }
}
