package org.keneya.flows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.PaymentState;

class StatementMatcherTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  private static final UUID ID = UUID.fromString("6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11");

  private static RecordedPayment ours(PaymentState status) {
    return new RecordedPayment(ID, "MP-TOKEN-1", status.booked() ? "TX-1" : null, Money.of(2730, "XOF"), status,
        status.booked() ? "MOP-R0000001" : null, DAY);
  }

  private static StatementLine line(String reference, String transaction, long amount, boolean paid) {
    return new StatementLine(2, DAY, reference, transaction, Money.of(amount, "XOF"), paid, paid ? "SUCCESSFUL" : "FAILED", null);
  }

  @ParameterizedTest(name = "{0} {1}/{2} {3} paid={4}, ours {5} -> {6} bookable={7}")
  @CsvSource({
      // reference,                           transaction, amount, paid,  our status,  outcome,          bookable
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2730,   true,  SUCCESSFUL,  MATCHED,          false",
      "6F4A1F4E-7C2E-4B7A-9F7E-2F1B8F0E9A11, ,           2730,   true,  SUCCESSFUL,  MATCHED,          false",
      "6f4a1f4e7c2e4b7a9f7e,                 ,           2730,   true,  SUCCESSFUL,  MATCHED,          false",
      "MP-TOKEN-1,                           ,           2730,   true,  SUCCESSFUL,  MATCHED,          false",
      ",                                     TX-1,       2730,   true,  SUCCESSFUL,  MATCHED,          false",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2700,   true,  SUCCESSFUL,  AMOUNT_MISMATCH,  false",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2730,   true,  EXPIRED,     MISSING_OURS,     true",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2730,   true,  FAILED,      MISSING_OURS,     true",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2731,   true,  PENDING,     AMOUNT_MISMATCH,  false",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2730,   false, FAILED,      NOT_PAID,         false",
      "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11, ,           2730,   false, SUCCESSFUL,  MISSING_THEIRS,   false",
      "6f4a1f4e,                             ,           2730,   true,  EXPIRED,     MISSING_OURS,     false",
      "someone-else,                         TX-9,       2730,   true,  EXPIRED,     MISSING_OURS,     false",
  })
  void eachLineIsMatchedByOneOfItsReferences(String reference, String transaction, long amount, boolean paid, PaymentState ourStatus,
      Outcome outcome, boolean bookable) {
    List<StatementMatcher.Match> matches = StatementMatcher.match(List.of(line(reference, transaction, amount, paid)), List.of(ours(ourStatus)));
    assertThat(matches.get(0).outcome()).isEqualTo(outcome);
    assertThat(matches.get(0).bookable()).isEqualTo(bookable);
  }

  @Test
  void ourBookedPaymentsTheStatementOmitsAreMissingTheirs_onlyOnItsDays() {
    RecordedPayment booked = ours(PaymentState.SUCCESSFUL);
    RecordedPayment earlier = new RecordedPayment(UUID.randomUUID(), null, "TX-2", Money.of(2730, "XOF"), PaymentState.SUCCESSFUL, "MOP-R2",
        DAY.minusDays(3));
    List<StatementMatcher.Match> matches = StatementMatcher.match(List.of(line("other", "TX-OTHER", 100, true)), List.of(booked, earlier));
    assertThat(matches).extracting(StatementMatcher.Match::outcome).containsExactly(Outcome.MISSING_OURS, Outcome.MISSING_THEIRS);
    assertThat(matches.get(1).payment()).isEqualTo(booked);
  }

  @Test
  void aPaymentListedTwiceIsADuplicate_andUnreadableLinesAreKept() {
    List<StatementMatcher.Match> matches = StatementMatcher.match(List.of(line(ID.toString(), null, 2730, true),
        line(null, "TX-1", 2730, true), StatementLine.unreadable(5, "amount 'x'")), List.of(ours(PaymentState.SUCCESSFUL)));
    assertThat(matches).extracting(StatementMatcher.Match::outcome).containsExactly(Outcome.MATCHED, Outcome.DUPLICATE, Outcome.UNREADABLE);
    List<ReconciliationReport.Day> days = ReconciliationReport.perDay(matches);
    assertThat(days.get(0).outcomes().get(Outcome.MATCHED)).isEqualTo(new ReconciliationReport.Tally(1, 2730));
    assertThat(days.get(1).day()).isNull();
  }
}
