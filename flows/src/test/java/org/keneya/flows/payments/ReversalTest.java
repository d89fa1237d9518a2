package org.keneya.flows.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

class ReversalTest {
  private static final UUID RECEIPT_ID = UUID.fromString("00000000-0000-0000-0000-00000000a001");
  private static final UUID HEAD = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID CHILD = UUID.fromString("00000000-0000-0000-0000-000000000002");
  /** Mopti, one person, first year: 1,730 + 1,000 adhesion paid through Orange. */
  private static final ContributionQuote ONE_PERSON = ContributionCalculator.quote(CONFIG.product("mopti-annual").orElseThrow(), "XOF", null,
      1, 1, 0, 0);
  private static final Reversal.Receipt RECEIPT = new Reversal.Receipt(RECEIPT_ID, "MOP-R0000001", "mopti-cercle", Money.of(2730, "XOF"),
      "+22376123456");
  private static final List<Reversal.Cover> COVERS = List.of(
      new Reversal.Cover(HEAD, LocalDate.of(2026, 11, 23), LocalDate.of(2027, 11, 22)),
      new Reversal.Cover(CHILD, LocalDate.of(2026, 11, 23), LocalDate.of(2027, 11, 22)));

  @Test
  void theReceiptsPostingsAreNegatedInTheirOrder_soTheTwoEntriesCancelOut() {
    List<Posting> booked = JournalEntries.walletReceipt("orange", ONE_PERSON, 3);
    Reversal plan = Reversal.plan(RECEIPT, booked, "XOF", COVERS, "Paiement repris (litige 77)", null);

    assertThat(plan.journalEntry()).isEqualTo(new JournalEntry("mopti-cercle", RECEIPT_ID, JournalEntry.Kind.REVERSAL,
        "Reversal of receipt MOP-R0000001: Paiement repris (litige 77)", "XOF", List.of(
            new Posting("wallet-clearing:orange", -2730), new Posting("subsidy-receivable:state", -4325),
            new Posting("subsidy-receivable:afd", -2595), new Posting("contribution-income:mopti-annual", 8650),
            new Posting("adhesion-income", 1000), new Posting("guarantee-fund-allocation", -259), new Posting("guarantee-fund", 259))));
    for (int i = 0; i < booked.size(); i++) {
      assertThat(plan.journalEntry().postings().get(i).amount() + booked.get(i).amount()).isZero();
    }
    assertThat(plan.withdrawn()).isEqualTo(COVERS);
    assertThat(plan.sms()).isNull();
  }

  @Test
  void theMemberIsToldOncePerReceipt_whenThereIsAnSms() {
    Reversal plan = Reversal.plan(RECEIPT, JournalEntries.walletReceipt("orange", ONE_PERSON, 3), "XOF", COVERS, "erreur", "MOP: recu annule");

    assertThat(plan.sms()).isEqualTo(OutboxMessage.Sms.to("+22376123456", "MOP: recu annule"));
    assertThat(plan.smsKey()).isEqualTo("receipt-reversed:MOP-R0000001");
  }

  @Test
  void theAuditRecordSaysWhyHowMuchWhichEntryAndWhichCoverWasWithdrawn() {
    Reversal plan = Reversal.plan(RECEIPT, JournalEntries.walletReceipt("orange", ONE_PERSON, 3), "XOF", COVERS, "erreur", null);

    AuditRecord audit = plan.audit(42);
    assertThat(audit.action()).isEqualTo("receipt.reversed");
    assertThat(audit.subject()).isEqualTo("receipt:MOP-R0000001");
    assertThat(audit.detail()).containsExactly(Map.entry("reason", "erreur"), Map.entry("amount", 2730L), Map.entry("currency", "XOF"),
        Map.entry("journalEntry", 42L), Map.entry("coverWithdrawn", List.of(
            Map.of("member", HEAD.toString(), "from", "2026-11-23", "until", "2027-11-22"),
            Map.of("member", CHILD.toString(), "from", "2026-11-23", "until", "2027-11-22"))));
  }
}
