package org.keneya.flows.ussd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.config.ProductConfig.Periodicity;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.ussd.HouseholdView.Beneficiary;
import org.keneya.flows.ussd.HouseholdView.ReceiptLine;
import org.keneya.flows.ussd.UssdContext.Wallet;

/** A product paid by the quarter, as the Malians-abroad mutual collects (001 Table 10). */
class QuarterlyPaymentTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final List<Wallet> ONE_WALLET = List.of(new Wallet("momo", "Mobile Money", List.of()));
  private final UssdEngine engine = new UssdEngine(MESSAGES);

  private static ProductConfig quarterly(long perPersonPerQuarter) {
    return new ProductConfig("abroad-quarterly", "Cotisation trimestrielle", Periodicity.QUARTERLY,
        new ProductConfig.ContributionRule.PerPerson(perPersonPerQuarter), ProductConfig.CoFinancing.memberPaysAll(),
        new ProductConfig.Adhesion(1000, 15), 3, 1, false, null);
  }

  private static HouseholdView household(ProductConfig product, List<Beneficiary> people, int feesPaid, List<ReceiptLine> receipts) {
    MutualConfig mutual = CONFIG.mutual("utm-bamako").orElseThrow();
    return new HouseholdView(UUID.randomUUID(), mutual.code() + "-000012", mutual, mutual.sections().get(0), product, null,
        people, feesPaid, receipts, null, null);
  }

  private static List<Beneficiary> persons(int count, String name, LocalDate firstPaidOn, LocalDate coveredUntil) {
    List<Beneficiary> people = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      people.add(new Beneficiary(UUID.randomUUID(), String.format("AMV-000012-%02d", i), name + " " + i, i == 1, firstPaidOn, coveredUntil));
    }
    return people;
  }

  private static UssdContext context(HouseholdView household) {
    return new UssdContext("*144#", TODAY, household, "UTM Bamako 20 22 00 00", ONE_WALLET, "61001");
  }

  private List<UssdReply> play(HouseholdView household, String... inputs) {
    UssdContext context = context(household);
    List<UssdReply> replies = new ArrayList<>();
    UssdReply reply = engine.start(context);
    replies.add(reply);
    for (String input : inputs) {
      assertThat(reply.end()).as("session ended before input " + input + ": " + reply.screen()).isFalse();
      reply = engine.resume(reply.state(), input, context);
      replies.add(reply);
    }
    return replies;
  }

  @Test
  void aQuarterlyHouseholdChoosesOneToFourQuarters() {
    List<UssdReply> replies = play(household(quarterly(1500), persons(4, "Personne", null, null), 1, List.of()),
        "1", "1", "1", "5", "2", "1");
    assertThat(replies.get(3).screen()).isEqualTo(
        "Payer pour combien de temps?\n1. 3 mois\n2. 6 mois\n3. 9 mois\n4. 1 an\n1 500 FCFA par personne et par trimestre\n00 Retour");
    assertThat(replies.get(4).screen()).startsWith("Choisissez un nombre de 1 à 4.\n").endsWith(replies.get(3).screen());
    assertThat(replies.get(5).screen()).contains("4 pers. x 2 trim. x 1 500 FCFA = 12 000 FCFA", "Total: 12 000 FCFA", "Couvre 6 mois")
        .doesNotContain("Adhésion");
    Effect.RequestPayment pay = (Effect.RequestPayment) replies.get(6).effects().get(0);
    assertThat(pay.quote().periods()).isEqualTo(2);
    assertThat(pay.quote().memberShare()).isEqualTo(12_000);
  }

  @ParameterizedTest(name = "{0} quarter(s): {1}, covers {2}")
  @CsvSource({
      "1, 4 pers. x 1 500 FCFA = 6 000 FCFA,          Couvre 3 mois",
      "3, 4 pers. x 3 trim. x 1 500 FCFA = 18 000 FCFA, Couvre 9 mois",
      "4, 4 pers. x 4 trim. x 1 500 FCFA = 24 000 FCFA, Couvre 1 an",
  })
  void eachChoiceShowsItsPriceAndTheTimeItCovers(String quarters, String price, String covers) {
    UssdReply confirm = play(household(quarterly(1500), persons(4, "Personne", null, null), 1, List.of()), "1", "1", "1", quarters).get(4);
    assertThat(confirm.screen()).contains(price, covers);
  }

  @Test
  void aSinglePersonGoesStraightToTheQuarters_inBambaraToo() {
    List<UssdReply> replies = play(household(quarterly(1500), persons(1, "Awa", null, null), 0, List.of()), "2", "1", "2");
    assertThat(replies.get(2).screen()).contains("Sara kɛ waati joli ye?", "1. kalo 3", "4. san 1", "1 500 FCFA mɔgɔ kelen kalo 3");
    assertThat(replies.get(3).screen()).contains("mɔgɔ 1 x siɲɛ 2 x 1 500 FCFA = 3 000 FCFA", "Donni sara: 1 000 FCFA",
        "A bɛ kalo 6 datugu");
  }

  @Test
  void backFromTheQuartersGoesToTheChoiceOfPersons() {
    HouseholdView household = household(quarterly(1500), persons(3, "Personne", null, null), 1, List.of());
    assertThat(play(household, "1", "1", "1", "00").get(4).screen()).contains("Payer pour:");
    assertThat(play(household(quarterly(1500), persons(1, "Awa", null, null), 1, List.of()), "1", "1", "00").get(3).screen())
        .contains("1. Payer ma cotisation");
  }

  @Test
  void eachPeriodicityOffersUpToAYear() {
    assertThat(UssdEngine.periodsOffered(Periodicity.MONTHLY)).isEqualTo(12);
    assertThat(UssdEngine.periodsOffered(Periodicity.QUARTERLY)).isEqualTo(4);
    assertThat(UssdEngine.periodsOffered(Periodicity.YEARLY)).isEqualTo(1);
    assertThat(UssdEngine.periodsOffered(Periodicity.HARVEST)).isEqualTo(1);
    for (Periodicity periodicity : Periodicity.values()) {
      assertThat(UssdEngine.periodsOffered(periodicity) * periodicity.months()).as(periodicity.name()).isEqualTo(12);
    }
  }

  @Test
  void theQuartersPaidAreBookedAsConsecutiveQuarters() {
    // What the adapters book for a payment of two quarters on 30 November, then one more on the last day covered.
    RightsPolicy.CoveredPeriod first = RightsPolicy.nextPeriod(null, LocalDate.of(2026, 11, 30), Periodicity.QUARTERLY.months() * 2);
    assertThat(first).isEqualTo(new RightsPolicy.CoveredPeriod(LocalDate.of(2026, 11, 30), LocalDate.of(2027, 5, 29)));
    RightsPolicy.CoveredPeriod next = RightsPolicy.nextPeriod(first.until(), first.until(), Periodicity.QUARTERLY.months());
    assertThat(next).isEqualTo(new RightsPolicy.CoveredPeriod(LocalDate.of(2027, 5, 30), LocalDate.of(2027, 8, 29)));
  }

  /**
   * Every screen a quarterly household can reach, in both languages, with the longest names, 40
   * persons, the largest receipts and 49,999 FCFA per person per quarter, over three times the
   * documents' dearest contribution (5,000 FCFA a month, 001 Table 10).
   */
  @Test
  void everyQuarterlyScreenFitsWithWorstCaseData() {
    List<Beneficiary> people = new ArrayList<>();
    LocalDate[][] covers = {{null, null}, {TODAY.minusMonths(1), TODAY.plusMonths(2)}, {TODAY.minusYears(2), TODAY.minusYears(1)},
        {TODAY.minusYears(1), TODAY.minusDays(3)}, {TODAY.minusYears(2), TODAY.plusMonths(5)}};
    for (int i = 1; i <= 40; i++) {
      LocalDate[] cover = covers[i % covers.length];
      people.add(new Beneficiary(UUID.randomUUID(), String.format("AMV-999999-%02d", i), "Mamadou Abdoulaye Ousmane Diakité-Coulibaly " + i,
          i == 1, cover[0], cover[1]));
    }
    List<ReceiptLine> receipts = new ArrayList<>();
    for (int i = 0; i < 8; i++) receipts.add(new ReceiptLine("AMV-R9999999", TODAY, Money.of(999_999_999L, "XOF"), "Moov Africa Money"));
    List<String> keys = List.of("1", "2", "3", "4", "5", "0", "00", "99", "12", "9999999", "x");
    int screens = 0;
    for (HouseholdView household : List.of(household(quarterly(49_999), people, 0, receipts),
        household(quarterly(49_999), people.subList(0, 1), 0, receipts))) {
      UssdContext context = context(household);
      Set<MenuState> seen = new HashSet<>();
      ArrayDeque<UssdReply> queue = new ArrayDeque<>(List.of(engine.start(context)));
      while (!queue.isEmpty() && screens < 5000) {
        UssdReply reply = queue.poll();
        screens++;
        ScreenRule.assertReachesEveryNetwork(reply.state().language(), reply.screen());
        assertThat(reply.screen()).doesNotContain("{");
        if (reply.end() || !seen.add(reply.state())) continue;
        for (String key : keys) queue.add(engine.resume(reply.state(), key, context));
      }
    }
    assertThat(screens).as("screens explored").isGreaterThan(200);
  }
}
