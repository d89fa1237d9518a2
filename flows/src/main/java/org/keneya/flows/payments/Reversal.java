package org.keneya.flows.payments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * What reversing a receipt booked in error writes, decided before anything is written: a journal
 * entry of the receipt's postings negated (the journal stays append-only, a correction is a new
 * entry), the cover it gave withdrawn, the audit record, and the member's SMS if there is one.
 *
 * @param sms the member's SMS, or null for none
 */
public record Reversal(Receipt receipt, String reason, JournalEntry journalEntry, List<Cover> withdrawn, OutboxMessage.Sms sms) {

  /** The receipt to reverse, with the number of its household's head. */
  public record Receipt(UUID id, String number, String mutualId, Money amount, String headMsisdn) {
    public Receipt {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /** A person's period the receipt paid for: withdrawn with it. */
  public record Cover(UUID memberId, LocalDate from, LocalDate until) {}

  public static final String AUDIT_ACTION = "receipt.reversed";

  /**
   * Plans the reversal of {@code receipt} for {@code reason}: {@code booked} are its journal entry's
   * postings in {@code currency}, in the order they were written, {@code covers} the periods it paid
   * for, and {@code smsText} the member's SMS (null: none).
   */
  public static Reversal plan(Receipt receipt, List<Posting> booked, String currency, List<Cover> covers, String reason, String smsText) {
    List<Posting> negated = new ArrayList<>();
    for (Posting p : booked) negated.add(new Posting(p.account(), -p.amount()));
    JournalEntry entry = new JournalEntry(receipt.mutualId(), receipt.id(), JournalEntry.Kind.REVERSAL,
        "Reversal of receipt " + receipt.number() + ": " + reason, currency, negated);
    OutboxMessage.Sms sms = smsText == null ? null : OutboxMessage.Sms.to(receipt.headMsisdn(), smsText);
    return new Reversal(receipt, reason, entry, List.copyOf(covers), sms);
  }

  /** The key the member's SMS is queued under: one per receipt, however often a reversal is attempted. */
  public String smsKey() {
    return "receipt-reversed:" + receipt.number();
  }

  /** The audit record of the reversal, once its journal entry is written as {@code entryId}. */
  public AuditRecord audit(long entryId) {
    List<Map<String, Object>> coverWithdrawn = new ArrayList<>();
    for (Cover c : withdrawn) {
      Map<String, Object> cover = new LinkedHashMap<>();
      cover.put("member", c.memberId().toString());
      cover.put("from", c.from().toString());
      cover.put("until", c.until().toString());
      coverWithdrawn.add(cover);
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reason", reason);
    detail.put("amount", receipt.amount().amount());
    detail.put("currency", receipt.amount().currency());
    detail.put("journalEntry", entryId);
    detail.put("coverWithdrawn", coverWithdrawn);
    return new AuditRecord(AUDIT_ACTION, "receipt:" + receipt.number(), detail);
  }
}
