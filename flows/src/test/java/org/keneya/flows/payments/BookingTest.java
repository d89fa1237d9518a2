package org.keneya.flows.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keneya.config.ProductConfig;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.rights.RightsPolicy.PaidPeriod;
import org.keneya.flows.rights.RightsStatus;

class BookingTest {
  private static final ProductConfig MOPTI = CONFIG.product("mopti-annual").orElseThrow();
  private static final ProductConfig URBAN = CONFIG.product("urban-voluntary").orElseThrow();
  /** Mopti's product under statutes where a member whose rights were suspended waits again. */
  private static final ProductConfig MOPTI_WAITS_AGAIN = new ProductConfig(MOPTI.id(), MOPTI.name(), MOPTI.periodicity(),
      MOPTI.contribution(), MOPTI.cofinancing(), MOPTI.adhesion(), MOPTI.waitingPeriodMonths(), MOPTI.gracePeriodMonths(), true,
      MOPTI.reminders());
  private static final UUID RECEIPT = UUID.fromString("00000000-0000-0000-0000-00000000a001");
  private static final UUID HEAD = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID CHILD = UUID.fromString("00000000-0000-0000-0000-000000000002");

  private static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  private static Booking.Intent intent(ContributionQuote quote, String provider, String paidOn) {
    return new Booking.Intent(RECEIPT, "mopti-cercle", "MOP", "MOP-000001", quote, provider, day(paidOn), "fr", "+22376123456",
        "Wallet payment 1");
  }

  private static Booking.Person neverPaid(UUID id) {
    return new Booking.Person(id, null, null, List.of());
  }

  /** A person with one year paid on {@code paidOn}, covered from then. */
  private static Booking.Person paidOnce(UUID id, String paidOn, String until) {
    return new Booking.Person(id, day(paidOn), day(until), List.of(new PaidPeriod(day(paidOn), day(paidOn), day(until))));
  }

  static Stream<Arguments> cases() {
    ContributionQuote moptiFamilyOfSix = ContributionCalculator.quote(MOPTI, "XOF", null, 6, 1, 0, 0);
    ContributionQuote moptiOne = ContributionCalculator.quote(MOPTI, "XOF", null, 1, 1, 0, 1);
    ContributionQuote urbanTwoForAQuarter = ContributionCalculator.quote(URBAN, "XOF", "combined", 2, 3, 0, 1);
    return Stream.of(
        // 8,650 per person and year: 1,730 member + 4,325 State + 2,595 AFD, and the family's 1,000 adhesion; 3% of 51,900 to the fund.
        Arguments.of("Mopti, family of six, first payment by Orange", MOPTI, moptiFamilyOfSix, "orange", "2026-11-23",
            List.of(neverPaid(HEAD), neverPaid(CHILD)), 3,
            List.of(new Posting("wallet-clearing:orange", 11380), new Posting("subsidy-receivable:state", 25950),
                new Posting("subsidy-receivable:afd", 15570), new Posting("contribution-income:mopti-annual", -51900),
                new Posting("adhesion-income", -1000), new Posting("guarantee-fund-allocation", 1557), new Posting("guarantee-fund", -1557)),
            List.of(new Booking.Cover(HEAD, day("2026-11-23"), day("2026-11-23"), day("2027-11-22")),
                new Booking.Cover(CHILD, day("2026-11-23"), day("2026-11-23"), day("2027-11-22"))),
            "wallet:orange", "2026-11-23", "2027-11-22", new RightsStatus.Waiting(day("2027-02-23"), day("2027-11-22"))),
        // Within the month of grace the cover goes on: the waiting period, served long ago, is not served again.
        Arguments.of("Mopti, renewal in grace", MOPTI, moptiOne, "momo", "2026-12-15",
            List.of(paidOnce(HEAD, "2025-11-23", "2026-11-22")), 3,
            List.of(new Posting("wallet-clearing:momo", 1730), new Posting("subsidy-receivable:state", 4325),
                new Posting("subsidy-receivable:afd", 2595), new Posting("contribution-income:mopti-annual", -8650),
                new Posting("guarantee-fund-allocation", 259), new Posting("guarantee-fund", -259)),
            List.of(new Booking.Cover(HEAD, day("2026-12-15"), day("2026-12-15"), day("2027-12-14"))),
            "wallet:momo", "2026-12-15", "2027-12-14", new RightsStatus.Open(day("2027-12-14"))),
        // Paid ahead: the new year starts the day after the current one ends.
        Arguments.of("Mopti, renewal ahead", MOPTI, moptiOne, "wave", "2026-10-01",
            List.of(paidOnce(HEAD, "2025-11-23", "2026-11-22")), 3,
            List.of(new Posting("wallet-clearing:wave", 1730), new Posting("subsidy-receivable:state", 4325),
                new Posting("subsidy-receivable:afd", 2595), new Posting("contribution-income:mopti-annual", -8650),
                new Posting("guarantee-fund-allocation", 259), new Posting("guarantee-fund", -259)),
            List.of(new Booking.Cover(HEAD, day("2026-10-01"), day("2026-11-23"), day("2027-11-22"))),
            "wallet:wave", "2026-11-23", "2027-11-22", new RightsStatus.Open(day("2027-11-22"))),
        // After grace: rights reopen at once under Mopti's rules...
        Arguments.of("Mopti, after suspension", MOPTI, moptiOne, "orange", "2027-01-10",
            List.of(paidOnce(HEAD, "2025-11-23", "2026-11-22")), 3,
            List.of(new Posting("wallet-clearing:orange", 1730), new Posting("subsidy-receivable:state", 4325),
                new Posting("subsidy-receivable:afd", 2595), new Posting("contribution-income:mopti-annual", -8650),
                new Posting("guarantee-fund-allocation", 259), new Posting("guarantee-fund", -259)),
            List.of(new Booking.Cover(HEAD, day("2027-01-10"), day("2027-01-10"), day("2028-01-09"))),
            "wallet:orange", "2027-01-10", "2028-01-09", new RightsStatus.Open(day("2028-01-09"))),
        // ... and after three months more where the statutes make a suspended member wait again.
        Arguments.of("Mopti, after suspension, waiting again", MOPTI_WAITS_AGAIN, moptiOne, "orange", "2027-01-10",
            List.of(paidOnce(HEAD, "2025-11-23", "2026-11-22")), 3,
            List.of(new Posting("wallet-clearing:orange", 1730), new Posting("subsidy-receivable:state", 4325),
                new Posting("subsidy-receivable:afd", 2595), new Posting("contribution-income:mopti-annual", -8650),
                new Posting("guarantee-fund-allocation", 259), new Posting("guarantee-fund", -259)),
            List.of(new Booking.Cover(HEAD, day("2027-01-10"), day("2027-01-10"), day("2028-01-09"))),
            "wallet:orange", "2027-01-10", "2028-01-09", new RightsStatus.Waiting(day("2027-04-10"), day("2028-01-09"))),
        // 440 per person and month, three months for two, in cash; one still covered, one new: each cover follows its own,
        // and the SMS tells the rights of the one whose cover ends first. 3% of 2,640 is 79.2: the fund takes 79.
        Arguments.of("urban combined, quarter for two in cash", URBAN, urbanTwoForAQuarter, "cash", "2026-12-10",
            List.of(paidOnce(HEAD, "2026-01-01", "2026-12-31"), neverPaid(CHILD)), 3,
            List.of(new Posting("collector-cash", 2640), new Posting("contribution-income:urban-voluntary", -2640),
                new Posting("guarantee-fund-allocation", 79), new Posting("guarantee-fund", -79)),
            List.of(new Booking.Cover(HEAD, day("2026-12-10"), day("2027-01-01"), day("2027-03-31")),
                new Booking.Cover(CHILD, day("2026-12-10"), day("2026-12-10"), day("2027-03-09"))),
            "cash", "2026-12-10", "2027-03-31", new RightsStatus.Waiting(day("2027-03-10"), day("2027-03-09"))),
        // A mutual keeping no guarantee fund: no leg of nothing.
        Arguments.of("urban, no guarantee fund", URBAN, urbanTwoForAQuarter, "orange", "2026-12-10",
            List.of(neverPaid(HEAD), neverPaid(CHILD)), 0,
            List.of(new Posting("wallet-clearing:orange", 2640), new Posting("contribution-income:urban-voluntary", -2640)),
            List.of(new Booking.Cover(HEAD, day("2026-12-10"), day("2026-12-10"), day("2027-03-09")),
                new Booking.Cover(CHILD, day("2026-12-10"), day("2026-12-10"), day("2027-03-09"))),
            "wallet:orange", "2026-12-10", "2027-03-09", new RightsStatus.Waiting(day("2027-03-10"), day("2027-03-09"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansWhatTheBookingWrites(String name, ProductConfig product, ContributionQuote quote, String provider, String paidOn,
      List<Booking.Person> people, int guaranteeFundPercent, List<Posting> postings, List<Booking.Cover> covers, String channel,
      String coveredFrom, String coveredUntil, RightsStatus reported) {
    Booking plan = Booking.plan(intent(quote, provider, paidOn), people, product, guaranteeFundPercent);

    assertThat(plan.journalEntry()).isEqualTo(new JournalEntry("mopti-cercle", RECEIPT, JournalEntry.Kind.RECEIPT, "Wallet payment 1", "XOF",
        postings));
    assertThat(plan.covers()).isEqualTo(covers);
    assertThat(plan.reported()).isEqualTo(reported);
    Booking.Receipt receipt = plan.receipt();
    assertThat(receipt.channel()).isEqualTo(channel);
    assertThat(receipt.amount().amount()).isEqualTo(quote.memberPays());
    assertThat(receipt.amount().currency()).isEqualTo("XOF");
    assertThat(List.of(receipt.contribution(), receipt.memberShare(), receipt.adhesionFee(), (long) receipt.adhesionFees()))
        .containsExactly(quote.contribution(), quote.memberShare(), quote.adhesionFee(), (long) quote.adhesionFees());
    assertThat(List.of(receipt.coveredFrom(), receipt.coveredUntil(), receipt.paidOn()))
        .containsExactly(day(coveredFrom), day(coveredUntil), day(paidOn));
  }

  @Test
  void theReceiptSmsTellsTheAmountTheNumberAndTheRights() {
    Booking plan = Booking.plan(intent(ContributionCalculator.quote(MOPTI, "XOF", null, 6, 1, 0, 0), "orange", "2026-11-23"),
        List.of(neverPaid(HEAD)), MOPTI, 3);

    assertThat(Booking.receiptSmsKey("MOP-R0000001")).isEqualTo("receipt-sms:MOP-R0000001");
    assertThat(plan.receiptSms(MESSAGES, "MOP-R0000001")).isEqualTo(OutboxMessage.Sms.receipt("+22376123456",
        "MOP recu MOP-R0000001: 11 380 FCFA le 23/11/2026, foyer MOP-000001. En période d'observation: droits ouverts à partir du 23/02/2027.",
        "MOP-R0000001"));
  }

  @Test
  void aPaymentForNobodyIsNotPlanned() {
    assertThatThrownBy(() -> Booking.plan(intent(ContributionCalculator.quote(MOPTI, "XOF", null, 1, 1, 0, 1), "orange", "2026-11-23"),
        List.of(), MOPTI, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
