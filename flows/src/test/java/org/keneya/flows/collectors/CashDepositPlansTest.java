package org.keneya.flows.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.ProductConfig;
import org.keneya.flows.audit.AuditRecord;
import org.keneya.flows.messages.SmsLength;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * The plans of a collector's cash with the Mopti cercle's figures (1,730 FCFA per person per year
 * paid by the member, 1,000 FCFA of adhesion per household): what entering a deposit asks of the
 * member, what the member's answer does, and what a remittance posts.
 */
class CashDepositPlansTest {
  private static final ProductConfig MOPTI = CONFIG.product("mopti-annual").orElseThrow();
  private static final LocalDate COLLECTED_ON = LocalDate.of(2026, 11, 23);
  private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000421");

  private static CashDeposit deposit(DepositStatus status, long amount) {
    return new CashDeposit(ID, "0421", status, "MOP", "MOP-000001", "+22376000301", "fr", "Bakary Traore", "+22376000200",
        Money.of(amount, "XOF"), COLLECTED_ON);
  }

  /** A deposit entered for a household of {@code persons} that paid {@code feesPaid} adhesion fees already. */
  private static NewDeposit entered(String language, int persons, int feesPaid) {
    return new NewDeposit(UUID.randomUUID(), "Bakary Traore", "MOP", UUID.randomUUID(), UUID.randomUUID(), "MOP-000001", "+22376000301",
        language, ContributionCalculator.quote(MOPTI, "XOF", null, persons, 1, 0, feesPaid), 1,
        COLLECTED_ON.atTime(9, 30).toInstant(ZoneOffset.UTC), "ussd:d1", "0421");
  }

  @ParameterizedTest(name = "{0} persons, {1} adhesion fees paid: {2}")
  @CsvSource({"2, 0, 4460", "1, 0, 2730", "1, 1, 1730", "5, 1, 8650", "15, 0, 26950", "16, 0, 29680"})
  void aDepositWaitsForWhatTheMemberPays_shareAndAdhesionFees(int persons, int feesPaid, long amount) {
    DepositRecording plan = DepositRecording.plan(MESSAGES, ID, entered("fr", persons, feesPaid), COLLECTED_ON);
    assertThat(plan.amount()).isEqualTo(Money.of(amount, "XOF"));
    assertThat(plan.toMember().to()).isEqualTo("+22376000301");
    assertThat(plan.smsKey()).as("one SMS per deposit").isEqualTo("deposit-sms:" + ID);
    assertThat(plan.toMember().text()).contains(Money.of(amount, "XOF").format());
  }

  @Test
  void theMemberIsAskedToConfirmByTheCode_inTheHouseholdsLanguage() {
    assertThat(DepositRecording.plan(MESSAGES, ID, entered("fr", 2, 0), COLLECTED_ON).toMember())
        .isEqualTo(OutboxMessage.Sms.to("+22376000301",
            "MOP foyer MOP-000001: le collecteur Bakary Traore a recu 4 460 FCFA de vous le 23/11/2026? "
                + "Répondez OUI 0421 pour confirmer, NON 0421 si c'est faux."));
    String bambara = DepositRecording.plan(MESSAGES, ID, entered("bm", 2, 0), COLLECTED_ON).toMember().text();
    assertThat(bambara).contains("OUI 0421", "NON 0421", "4 460 FCFA", "23/11/2026");
    assertThat(SmsLength.isGsm7(bambara)).as(bambara).isTrue();
  }

  @ParameterizedTest(name = "{0}, confirmed {1} by {2}")
  @CsvSource(delimiter = '|', value = {
      "PENDING   | true  | MEMBER_SMS  | Confirm         | Cash deposit 0421 by collector Bakary Traore, confirmed by the member",
      "PENDING   | true  | MEMBER_USSD | Confirm         | Cash deposit 0421 by collector Bakary Traore, confirmed by the member",
      "PENDING   | true  | AUTO        | Confirm         | Cash deposit 0421 by collector Bakary Traore, auto-confirmed without the member's answer",
      "PENDING   | false | MEMBER_SMS  | Dispute         | ",
      "PENDING   | false | MEMBER_USSD | Dispute         | ",
      "CONFIRMED | true  | MEMBER_SMS  | AlreadyAnswered | ",
      "CONFIRMED | false | MEMBER_SMS  | AlreadyAnswered | ",
      "CONFIRMED | true  | AUTO        | AlreadyAnswered | ",
      "DISPUTED  | true  | MEMBER_SMS  | AlreadyAnswered | ",
      "DISPUTED  | false | MEMBER_USSD | AlreadyAnswered | "})
  void aDepositIsAnsweredOnce(DepositStatus status, boolean confirmed, AnsweredBy by, String outcome, String memo) {
    DepositAnswer plan = DepositAnswer.plan(MESSAGES, deposit(status, 4460), confirmed, by);
    assertThat(plan.getClass().getSimpleName()).isEqualTo(outcome);
    if (plan instanceof DepositAnswer.AlreadyAnswered already) assertThat(already.status()).isEqualTo(status);
    if (plan instanceof DepositAnswer.Confirm confirm) {
      assertThat(confirm).isEqualTo(new DepositAnswer.Confirm("cash:" + ID, Money.of(4460, "XOF"), COLLECTED_ON, memo));
    }
  }

  @Test
  void aDisputeBooksNothing_failsThePayment_isAudited_andTellsTheCollector() {
    assertThat(DepositAnswer.plan(MESSAGES, deposit(DepositStatus.PENDING, 3460), false, AnsweredBy.MEMBER_SMS))
        .isEqualTo(new DepositAnswer.Dispute("disputed by the member",
            new AuditRecord("cash_deposit.disputed", ID.toString(), Map.of("code", "0421")),
            OutboxMessage.Sms.to("+22376000200", "Dépot 0421 de 3 460 FCFA contesté par le foyer MOP-000001. La mutuelle va vérifier.")));
  }

  @ParameterizedTest(name = "by {0}")
  @CsvSource(delimiter = '|', value = {
      "MEMBER_SMS  | Dépot 0421 confirmé par le foyer MOP-000001: 4 460 FCFA, recu MOP-R0000001.",
      "MEMBER_USSD | Dépot 0421 confirmé par le foyer MOP-000001: 4 460 FCFA, recu MOP-R0000001.",
      "AUTO        | Dépot 0421 confirmé sans réponse du foyer MOP-000001: 4 460 FCFA, recu MOP-R0000001."})
  void theCollectorIsToldTheReceiptOnceBooked(AnsweredBy by, String sms) {
    assertThat(DepositAnswer.booked(MESSAGES, deposit(DepositStatus.PENDING, 4460), by, "MOP-R0000001"))
        .isEqualTo(OutboxMessage.Sms.to("+22376000200", sms));
    assertThat(DepositAnswer.smsKey(deposit(DepositStatus.CONFIRMED, 4460))).as("one answer per deposit")
        .isEqualTo("deposit-answer-sms:" + ID);
  }

  @ParameterizedTest(name = "position {0} in {1} deposits, {2} reached the bank")
  @CsvSource(delimiter = '|', value = {
      "4460  | 1  | 4400  | 60    | , difference of 60 held for review    | bank=4400,collector-cash=-4460,cash-shortfall=60",
      "4460  | 1  | 4460  | 0     |                                        | bank=4460,collector-cash=-4460",
      "4460  | 1  | 5000  | -540  | , difference of -540 held for review  | bank=5000,collector-cash=-4460,cash-shortfall=-540",
      "17300 | 10 | 17300 | 0     |                                        | bank=17300,collector-cash=-17300",
      "86500 | 10 | 86000 | 500   | , difference of 500 held for review   | bank=86000,collector-cash=-86500,cash-shortfall=500",
      "0     | 0  | 1000  | -1000 | , difference of -1000 held for review | bank=1000,cash-shortfall=-1000"})
  void aRemittanceClearsThePosition_andHoldsTheDifferenceForReview(long position, int deposits, long amount, long shortfall, String memoEnd,
      String postings) {
    Remittance plan = Remittance.plan("mopti-cercle", "XOF", ID, "Bakary Traore", new Remittance.Slip("BNDA-2026-0042", "bank", amount), position,
        deposits);
    assertThat(plan.shortfall()).isEqualTo(shortfall);
    assertThat(plan.entry().kind()).isEqualTo(JournalEntry.Kind.REMITTANCE);
    assertThat(plan.entry().mutualId()).isEqualTo("mopti-cercle");
    assertThat(plan.entry().receiptId()).isNull();
    assertThat(plan.entry().currency()).isEqualTo("XOF");
    assertThat(plan.entry().memo()).isEqualTo("Remittance BNDA-2026-0042 (bank) of collector Bakary Traore" + (memoEnd == null ? "" : memoEnd));
    assertThat(plan.entry().postings().stream().map(p -> p.account() + "=" + p.amount()).toList()).isEqualTo(List.of(postings.split(",")));
    assertThat(plan.audit()).isEqualTo(new AuditRecord("collector.remittance", ID.toString(),
        Map.of("slip", "BNDA-2026-0042", "amount", amount, "position", position, "shortfall", shortfall)));
    assertThat(plan.deposits()).isEqualTo(deposits);
  }
}
