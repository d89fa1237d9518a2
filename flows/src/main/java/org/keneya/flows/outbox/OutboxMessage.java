package org.keneya.flows.outbox;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.keneya.flows.ledger.Posting;

/**
 * Work a transaction leaves behind, carried out once it commits: what the outbox holds. The
 * adapter that stores a message is the only place that knows how it is written.
 */
public sealed interface OutboxMessage {

  /**
   * An SMS of {@code text} to the number {@code to} (E.164). {@code receipt}: the receipt number it
   * carries, if any. {@code quiet}: it waits out the quiet hours (reminders, notices). {@code
   * reminderOf}: the household a payment reminder is for, set aside unsent once that household pays.
   */
  record Sms(String to, String text, String receipt, boolean quiet, UUID reminderOf) implements OutboxMessage {
    public Sms {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(text, "text");
    }

    /** An SMS sent at any hour. */
    public static Sms to(String to, String text) {
      return new Sms(to, text, null, false, null);
    }

    /** The receipt SMS of receipt {@code receiptNumber}. */
    public static Sms receipt(String to, String text, String receiptNumber) {
      return new Sms(to, text, receiptNumber, false, null);
    }

    /** A notice that waits out the quiet hours. */
    public static Sms notice(String to, String text) {
      return new Sms(to, text, null, true, null);
    }

    /** A payment reminder to {@code household}: quiet, and set aside if the household pays before it goes. */
    public static Sms reminder(String to, String text, UUID household) {
      return new Sms(to, text, null, true, Objects.requireNonNull(household, "household"));
    }
  }

  /**
   * A journal entry to post to its mutual's external ledger, as it was booked: the external
   * ledger's contract carries the same fields (see the adapters' {@code ExternalLedgerClient}).
   */
  record LedgerEntry(String mutual, long entryId, String kind, String receiptNumber, LocalDate date, String memo, String currency,
      List<Posting> postings) implements OutboxMessage {
    public LedgerEntry {
      Objects.requireNonNull(mutual, "mutual");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(memo, "memo");
      Objects.requireNonNull(currency, "currency");
      postings = List.copyOf(postings);
      // The journal enforces balance at commit; checking again keeps a damaged payload away from the receiver's books.
      if (postings.size() < 2) throw new IllegalArgumentException("entry " + entryId + " has " + postings.size() + " posting(s), at least 2 needed");
      long sum = Posting.sum(postings);
      if (sum != 0) throw new IllegalArgumentException("entry " + entryId + " is unbalanced: postings sum to " + sum);
    }

    /**
     * The key the receiver keeps one copy by, the same on every attempt: the receipt number for a
     * receipt's own entry, the receipt number and the kind for another entry of a receipt, the
     * mutual and the entry id for an entry of no receipt.
     */
    public String idempotencyKey() {
      if (receiptNumber == null) return mutual + ":entry:" + entryId;
      return kind.equals(org.keneya.flows.ledger.JournalEntry.Kind.RECEIPT.code()) ? receiptNumber : receiptNumber + ":" + kind;
    }
  }
}
