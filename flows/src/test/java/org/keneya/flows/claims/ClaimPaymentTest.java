package org.keneya.flows.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;

class ClaimPaymentTest {
  private static final UUID CLAIM = UUID.fromString("00000000-0000-0000-0000-0000000c1a10");
  private static final LocalDate PAID_ON = LocalDate.of(2027, 4, 15);

  private static ClaimPayment.Claim claim(String funder, long total, LocalDate paidOn) {
    return new ClaimPayment.Claim(CLAIM, "mopti-cercle", funder, "2027-Q1", total, "XOF", paidOn);
  }

  static Stream<Arguments> claims() {
    return Stream.of(
        // The State's share of six persons' year (4,325 each) and AFD's (2,595 each), as a claim of the quarter.
        Arguments.of(claim("state", 25950, null), List.of(new Posting("bank", 25950), new Posting("subsidy-receivable:state", -25950))),
        Arguments.of(claim("afd", 15570, null), List.of(new Posting("bank", 15570), new Posting("subsidy-receivable:afd", -15570))));
  }

  @ParameterizedTest
  @MethodSource("claims")
  void theTransferLandsInTheBankAgainstTheFundersReceivable(ClaimPayment.Claim claim, List<Posting> postings) {
    ClaimPayment.Decision decision = ClaimPayment.decide(claim, PAID_ON, "VIR-2027-0415");

    assertThat(decision).isInstanceOf(ClaimPayment.Decision.Book.class);
    ClaimPayment.Decision.Book book = (ClaimPayment.Decision.Book) decision;
    assertThat(book.journalEntry()).isEqualTo(new JournalEntry("mopti-cercle", null, JournalEntry.Kind.SUBSIDY_RECEIVED,
        "Subsidy from " + claim.funderId() + " for 2027-Q1 (VIR-2027-0415)", "XOF", postings));
  }

  @Test
  void aClaimIsPaidOnce_andAClaimOfNothingHasNoTransferToBook() {
    assertThat(ClaimPayment.decide(claim("state", 25950, LocalDate.of(2027, 4, 1)), PAID_ON, "VIR-2"))
        .isEqualTo(new ClaimPayment.Decision.AlreadyPaid());
    assertThat(ClaimPayment.decide(claim("state", 0, null), PAID_ON, "VIR-3")).isEqualTo(new ClaimPayment.Decision.NothingClaimed());
  }

  @Test
  void theAuditRecordKeepsTheBanksReferenceAndTheEntry() {
    ClaimPayment.Decision.Book book = (ClaimPayment.Decision.Book) ClaimPayment.decide(claim("state", 25950, null), PAID_ON, "VIR-2027-0415");

    AuditRecord audit = book.audit(7);
    assertThat(audit.action()).isEqualTo("subsidy_claim.paid");
    assertThat(audit.subject()).isEqualTo("subsidy_claim:" + CLAIM);
    assertThat(audit.detail()).containsExactly(Map.entry("funder", "state"), Map.entry("quarter", "2027-Q1"), Map.entry("amount", 25950L),
        Map.entry("currency", "XOF"), Map.entry("paidOn", "2027-04-15"), Map.entry("reference", "VIR-2027-0415"),
        Map.entry("journalEntry", 7L));
  }
}
