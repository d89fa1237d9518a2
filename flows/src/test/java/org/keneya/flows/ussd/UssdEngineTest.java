package org.keneya.flows.ussd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keneya.config.MutualConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.ussd.HouseholdView.Beneficiary;
import org.keneya.flows.ussd.HouseholdView.ReceiptLine;
import org.keneya.flows.ussd.UssdContext.Wallet;

class UssdEngineTest {
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  static final List<Wallet> ONE_WALLET = List.of(new Wallet("momo", "Mobile Money", List.of()));
  private final UssdEngine engine = new UssdEngine(MESSAGES);

  static List<Beneficiary> persons(String memberNumber, int count, LocalDate firstPaidOn, LocalDate coveredUntil) {
    List<Beneficiary> people = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      people.add(new Beneficiary(UUID.randomUUID(), memberNumber + String.format("-%02d", i), "Personne " + i, i == 1,
          firstPaidOn, coveredUntil));
    }
    return people;
  }

  static HouseholdView household(String mutualId, String level, List<Beneficiary> people, int feesPaid,
      List<ReceiptLine> receipts, Money pending) {
    MutualConfig mutual = CONFIG.mutual(mutualId).orElseThrow();
    return new HouseholdView(UUID.randomUUID(), mutual.code() + "-000012", mutual, mutual.sections().get(0),
        CONFIG.product(mutual.products().get(0)).orElseThrow(), level, people, feesPaid, receipts, pending, null);
  }

  static HouseholdView household(String mutualId, String level, int persons, int feesPaid) {
    MutualConfig mutual = CONFIG.mutual(mutualId).orElseThrow();
    return household(mutualId, level, persons(mutual.code() + "-000012", persons, null, null), feesPaid, List.of(), null);
  }

  private static UssdContext context(HouseholdView household, List<Wallet> wallets, String networkCode) {
    return new UssdContext("*144#", TODAY, household, "UTM Bamako 20 22 00 00", wallets, networkCode);
  }

  private static UssdContext context(HouseholdView household) {
    return context(household, ONE_WALLET, "61001");
  }

  private List<UssdReply> play(HouseholdView household, String... inputs) {
    return play(context(household), null, inputs);
  }

  /** Plays inputs as successive hops, with the state carried between them as the shell does. */
  private List<UssdReply> play(UssdContext context, MenuState interrupted, String... inputs) {
    List<UssdReply> replies = new ArrayList<>();
    UssdReply reply = engine.start(context, interrupted);
    replies.add(reply);
    for (String input : inputs) {
      assertThat(reply.end()).as("session ended before input " + input + ": " + reply.screen()).isFalse();
      reply = engine.resume(reply.state(), input, context);
      replies.add(reply);
    }
    replies.forEach(UssdEngineTest::assertFits);
    return replies;
  }

  private static UssdReply last(List<UssdReply> replies) {
    return replies.get(replies.size() - 1);
  }

  @Test
  void moptiHouseholdOfSixPaysForEveryoneWithTheAdhesionFee() {
    HouseholdView household = household("mopti-cercle", null, 6, 0);
    List<UssdReply> replies = play(household, "1", "1", "1", "1");
    assertThat(replies.get(0).screen()).contains("1. Français", "2. Bamanankan");
    assertThat(replies.get(1).screen()).contains("Foyer MOP-000012", "1. Payer ma cotisation", "2. Mes droits", "3. Mes reçus",
        "4. Mon foyer", "5. Aide");
    assertThat(replies.get(2).screen()).contains("1. Tout le foyer (6 pers.)", "2. Choisir les personnes", "00 Retour");
    assertThat(replies.get(3).screen())
        .contains("6 pers. x 1 730 FCFA = 10 380 FCFA", "Adhésion: 1 000 FCFA", "Total: 11 380 FCFA", "1 an");
    UssdReply requested = replies.get(4);
    assertThat(requested.end()).isTrue();
    assertThat(requested.screen()).contains("11 380 FCFA", "code secret Mobile Money");
    assertThat(requested.effects()).singleElement().isInstanceOfSatisfying(Effect.RequestPayment.class, pay -> {
      assertThat(pay.householdId()).isEqualTo(household.householdId());
      assertThat(pay.quote().memberShare()).isEqualTo(10380);
      assertThat(pay.quote().adhesionFee()).isEqualTo(1000);
      assertThat(pay.quote().funderShares()).containsEntry("state", 25950L).containsEntry("afd", 15570L);
      assertThat(pay.beneficiaries()).containsExactlyElementsOf(household.beneficiaries().stream().map(Beneficiary::id).toList());
      assertThat(pay.wallet()).isEqualTo("momo");
      assertThat(pay.language()).isEqualTo("fr");
    });
  }

  @Test
  void chosenPersonsArePaidForAndTheFamilyAdhesionFeeStaysWhole() {
    HouseholdView household = household("mopti-cercle", null, 6, 0);
    List<UssdReply> replies = play(household, "1", "1", "2", "1", "3", "3", "4", "99", "1");
    assertThat(replies.get(3).screen()).contains("(0/6 choisis)", "1.[ ] Personne 1", "99 Valider");
    assertThat(replies.get(4).screen()).contains("(1/6 choisis)", "1.[x] Personne 1");
    assertThat(replies.get(6).screen()).as("a second choice unticks").contains("3.[ ] Personne 3");
    assertThat(replies.get(8).screen()).contains("2 pers. x 1 730 FCFA = 3 460 FCFA", "Adhésion: 1 000 FCFA", "Total: 4 460 FCFA");
    Effect.RequestPayment pay = (Effect.RequestPayment) last(replies).effects().get(0);
    assertThat(pay.beneficiaries()).containsExactly(household.beneficiaries().get(0).id(), household.beneficiaries().get(3).id());
    assertThat(pay.quote().persons()).isEqualTo(2);
    assertThat(pay.quote().memberPays()).isEqualTo(4460);
  }

  @Test
  void choosingNobodyIsRefusedWithAHint() {
    UssdReply reply = last(play(household("mopti-cercle", null, 3, 1), "1", "1", "2", "99"));
    assertThat(reply.end()).isFalse();
    assertThat(reply.screen()).startsWith("Choisissez au moins une personne.").contains("(0/3 choisis)");
    assertThat(last(play(household("mopti-cercle", null, 3, 1), "1", "1", "2", "4")).screen()).startsWith("Choix invalide.");
  }

  @Test
  void aLargeHouseholdIsChosenFromOverSeveralScreens() {
    HouseholdView household = household("mopti-cercle", null, 14, 1);
    List<UssdReply> replies = play(household, "1", "1", "2", "0", "12", "99");
    assertThat(replies.get(3).screen()).contains("0 Suite", "00 Retour").doesNotContain("12.[");
    assertThat(replies.get(4).screen()).doesNotContain("1.[ ] Personne 1\n");
    assertThat(last(replies).screen()).contains("1 pers. x 1 730 FCFA");
  }

  @Test
  void urbanHouseholdChoosesHowManyMonthsAtItsLevel() {
    List<UssdReply> replies = play(household("utm-bamako", "combined", 4, 1), "1", "1", "1", "13", "3", "1");
    assertThat(replies.get(3).screen()).contains("Combien de mois", "440 FCFA par personne");
    assertThat(replies.get(4).screen()).startsWith("Entrez un nombre de mois de 1 à 12.");
    assertThat(replies.get(5).screen()).contains("4 pers. x 3 mois x 440 FCFA = 5 280 FCFA", "Couvre 3 mois").doesNotContain("Adhésion");
    assertThat(((Effect.RequestPayment) last(replies).effects().get(0)).quote().periods()).isEqualTo(3);
  }

  @Test
  void aSinglePersonIsNotAskedForWhom() {
    List<UssdReply> replies = play(household("utm-bamako", "ambulatory", 1, 1), "1", "1", "12");
    assertThat(replies.get(2).screen()).contains("Combien de mois");
    assertThat(last(replies).screen()).contains("1 pers. x 12 mois x 210 FCFA = 2 520 FCFA", "Couvre 1 an");
  }

  @Test
  void cottonHouseholdDeclaresItsKilograms() {
    List<UssdReply> replies = play(household("nongon-cotton", null, 7, 0), "2", "1", "abc", "1250", "1");
    assertThat(replies.get(2).screen()).contains("kg").contains("2 FCFA");
    assertThat(replies.get(3).screen()).startsWith("kg hakɛ sɛbɛn");
    assertThat(replies.get(4).screen()).contains("kg 1250 x 2 FCFA = 2 500 FCFA").doesNotContain("Donni sara");
    Effect.RequestPayment pay = (Effect.RequestPayment) replies.get(5).effects().get(0);
    assertThat(pay.quote().memberPays()).isEqualTo(2500);
    assertThat(pay.beneficiaries()).hasSize(7);
  }

  @Test
  void theCallersOwnOperatorIsOfferedFirstWhenThereAreSeveralWallets() {
    List<Wallet> wallets = List.of(new Wallet("orange", "Orange Money", List.of("61002")),
        new Wallet("moov", "Moov Money", List.of("61001")));
    UssdContext context = context(household("mopti-cercle", null, 2, 1), wallets, "61001");
    List<UssdReply> replies = play(context, null, "1", "1", "1", "1", "1");
    assertThat(replies.get(4).screen()).contains("Payer avec:\n1. Moov Money\n2. Orange Money");
    assertThat(((Effect.RequestPayment) last(replies).effects().get(0)).wallet()).isEqualTo("moov");
    assertThat(last(replies).screen()).contains("code secret Moov Money");
    assertThat(((Effect.RequestPayment) last(play(context, null, "1", "1", "1", "1", "2")).effects().get(0)).wallet())
        .isEqualTo("orange");
  }

  @Test
  void aWalletThatIsDownIsNotOffered_theOthersKeepTheirNumbers() {
    Wallet orange = new Wallet("orange", "Orange Money", List.of("61002"), false, false);
    Wallet moov = new Wallet("moov", "Moov Money", List.of("61001"), true, true);
    Wallet wave = new Wallet("wave", "Wave", List.of(), true, true);
    HouseholdView household = household("mopti-cercle", null, 2, 1);
    // Two left: the choice shows them under their usual numbers; Orange Money's number asks again.
    UssdContext twoUp = context(household, List.of(orange, moov, wave), "61002");
    List<UssdReply> replies = play(twoUp, null, "1", "1", "1", "1");
    assertThat(last(replies).screen()).contains("Payer avec:\n2. Moov Money\n3. Wave").doesNotContain("Orange");
    UssdReply down = engine.resume(last(replies).state(), "1", twoUp);
    assertThat(down.end()).isFalse();
    assertThat(down.effects()).isEmpty();
    assertThat(down.screen()).startsWith("Orange Money est momentanément indisponible.").contains("3. Wave");
    UssdReply viaWave = engine.resume(down.state(), "3", twoUp);
    assertThat(((Effect.RequestPayment) viaWave.effects().get(0)).wallet()).isEqualTo("wave");
    // Payment by link: the member is told to expect the link by SMS, not a PIN prompt.
    assertThat(viaWave.screen()).contains("recevoir par SMS le lien Wave").doesNotContain("code secret");

    // One left: no choice to make.
    UssdContext oneUp = context(household, List.of(orange, wave), "61002");
    UssdReply direct = last(play(oneUp, null, "1", "1", "1", "1"));
    assertThat(((Effect.RequestPayment) direct.effects().get(0)).wallet()).isEqualTo("wave");
    // None: said plainly, nothing requested.
    UssdContext noneUp = context(household, List.of(orange), "61002");
    UssdReply none = last(play(noneUp, null, "1", "1", "1", "1"));
    assertThat(none.end()).isTrue();
    assertThat(none.effects()).isEmpty();
    assertThat(none.screen()).contains("momentanément indisponible", "*144#");
    // A number no wallet serves is told the same.
    assertThat(last(play(context(household, List.of(), "61002"), null, "1", "1", "1", "1")).screen()).contains("indisponible");
  }

  @Test
  void cancellingRequestsNothing() {
    UssdReply last = last(play(household("mopti-cercle", null, 6, 1), "1", "1", "1", "2"));
    assertThat(last.end()).isTrue();
    assertThat(last.effects()).isEmpty();
    assertThat(last.screen()).contains("annulé", "*144#");
  }

  @Test
  void backGoesToTheScreenBefore() {
    HouseholdView household = household("utm-bamako", "combined", 3, 1);
    assertThat(last(play(household, "1", "1", "00")).screen()).contains("1. Payer ma cotisation");
    assertThat(last(play(household, "1", "1", "1", "00")).screen()).contains("Payer pour:");
    assertThat(last(play(household, "1", "1", "2", "00")).screen()).contains("Payer pour:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9", "abc", "1*1", "'; drop table households; --", "😀", "000000000000000000000000000000", "-1", "1.5"})
  void unexpectedInputRepeatsTheScreenWithAHint(String input) {
    HouseholdView household = household("mopti-cercle", null, 6, 1);
    for (String[] before : List.of(new String[] {"1"}, new String[] {"1", "1"}, new String[] {"1", "1", "2"},
        new String[] {"1", "1", "1"})) {
      List<String> inputs = new ArrayList<>(List.of(before));
      inputs.add(input);
      List<UssdReply> replies = play(household, inputs.toArray(String[]::new));
      UssdReply reply = last(replies);
      assertThat(reply.end()).isFalse();
      assertThat(reply.screen()).startsWith("Choix invalide.").endsWith(replies.get(replies.size() - 2).screen());
      assertThat(reply.effects()).isEmpty();
    }
  }

  @Test
  void unknownNumberIsToldWhomToContact() {
    UssdReply last = play(null, "1").get(1);
    assertThat(last.end()).isTrue();
    assertThat(last.screen()).contains("aucun foyer", "UTM Bamako 20 22 00 00");
  }

  @Test
  void aPendingPaymentIsNotRequestedTwice() {
    HouseholdView pending = household("mopti-cercle", null, persons("MOP-000012", 6, null, null), 1, List.of(), Money.of(10380, "XOF"));
    UssdReply last = last(play(pending, "1", "1"));
    assertThat(last.end()).isTrue();
    assertThat(last.effects()).isEmpty();
    assertThat(last.screen()).contains("déjà en cours", "10 380 FCFA");
  }

  @Test
  void rightsOfAHouseholdPaidTogetherTakeOneLine() {
    HouseholdView paid = household("mopti-cercle", null,
        persons("MOP-000012", 6, LocalDate.of(2026, 10, 1), LocalDate.of(2027, 9, 30)), 1, List.of(), null);
    UssdReply rights = last(play(paid, "1", "2"));
    assertThat(rights.end()).isTrue();
    assertThat(rights.screen()).isEqualTo("Droits MOP-000012\nTout le foyer (6 pers.): en observation, droits le 01/01/2027");
  }

  @Test
  void rightsArePerPersonWithTheAmountToReopen() {
    List<Beneficiary> people = new ArrayList<>();
    people.add(new Beneficiary(UUID.randomUUID(), "MOP-000012-01", "Awa Traoré", true, LocalDate.of(2025, 1, 10), LocalDate.of(2026, 12, 31)));
    people.add(new Beneficiary(UUID.randomUUID(), "MOP-000012-02", "Sidi Traoré", false, LocalDate.of(2026, 10, 1), LocalDate.of(2027, 9, 30)));
    people.add(new Beneficiary(UUID.randomUUID(), "MOP-000012-03", "Oumar Traoré", false, LocalDate.of(2024, 1, 5), LocalDate.of(2025, 1, 4)));
    people.add(new Beneficiary(UUID.randomUUID(), "MOP-000012-04", "Fanta Traoré", false, null, null));
    people.add(new Beneficiary(UUID.randomUUID(), "MOP-000012-05", "Bakary Traoré", false, LocalDate.of(2025, 11, 1), LocalDate.of(2026, 10, 31)));
    List<UssdReply> replies = play(household("mopti-cercle", null, people, 1, List.of(), null), "1", "2", "0", "0");
    String all = replies.get(2).screen() + replies.get(3).screen() + last(replies).screen();
    assertThat(all).contains("Awa Traoré: couvert jusqu'au 31/12/2026", "Sidi Traoré: en observation, droits le 01/01/2027",
        "Oumar Traoré: suspendu depuis le 05/02/2025, 1 730 FCFA pour rouvrir", "Fanta Traoré: pas encore payé",
        "Bakary Traoré: échu, payez avant le 30/11/2026");
    assertThat(replies.get(2).end()).isFalse();
    assertThat(replies.get(2).screen()).contains("0 Suite");
  }

  @Test
  void receiptsShowNumberDateAmountAndChannelAndCanBeSentBySms() {
    List<ReceiptLine> receipts = List.of(
        new ReceiptLine("MOP-R0000002", LocalDate.of(2026, 10, 1), Money.of(11380, "XOF"), "MoMo"),
        new ReceiptLine("MOP-R0000001", LocalDate.of(2025, 10, 1), Money.of(10380, "XOF"), "MoMo"));
    HouseholdView household = household("mopti-cercle", null, persons("MOP-000012", 6, null, null), 1, receipts, null);
    List<UssdReply> replies = play(household, "1", "3", "1");
    assertThat(replies.get(2).screen()).contains("MOP-R0000002 01/10/2026 11 380 FCFA MoMo", "1. Recevoir par SMS", "00 Retour");
    UssdReply sent = last(replies);
    assertThat(sent.end()).isTrue();
    assertThat(sent.effects()).singleElement().isInstanceOfSatisfying(Effect.SendSms.class, sms ->
        assertThat(sms.text()).contains("MOP-000012", "MOP-R0000002 01/10/2026 11 380 FCFA MoMo", "MOP-R0000001"));
    assertThat(last(play(household("mopti-cercle", null, 6, 1), "1", "3")).screen()).contains("Aucun reçu");
  }

  @Test
  void householdIsListedOverPages() {
    HouseholdView household = household("mopti-cercle", null, 12, 1);
    List<UssdReply> replies = play(household, "1", "4", "0", "00", "00");
    assertThat(replies.get(2).screen()).startsWith("Foyer MOP-000012 (12 pers.)\n01 Personne 1").contains("0 Suite 00 Retour");
    assertThat(replies.get(3).screen()).doesNotContain("01 Personne 1\n").contains("12 Personne 12", "00 Retour");
    assertThat(replies.get(4).screen()).isEqualTo(replies.get(2).screen());
    assertThat(last(replies).screen()).contains("1. Payer ma cotisation");
    UssdReply small = last(play(household("mopti-cercle", null, 2, 1), "1", "4"));
    assertThat(small.end()).isTrue();
    assertThat(small.screen()).isEqualTo("Foyer MOP-000012 (2 pers.)\n01 Personne 1\n02 Personne 2");
  }

  @Test
  void helpGivesTheSectionsContact() {
    UssdReply help = last(play(household("mopti-cercle", null, 2, 1), "1", "5"));
    assertThat(help.end()).isTrue();
    assertThat(help.screen()).contains("section Mopti: Section Mopti 21 43 00 01", "Mutuelle de Mopti 21 43 00 00");
  }

  @Test
  void aDroppedPaymentIsOfferedBackInTheLanguageItWasIn() {
    HouseholdView household = household("utm-bamako", "combined", 4, 1);
    UssdReply atConfirm = last(play(household, "2", "1", "1", "3"));
    List<UssdReply> resumed = play(context(household), atConfirm.state(), "1");
    assertThat(resumed.get(0).screen()).contains("I ka sara tigɛra", "1. Ka a taa a fɛ");
    assertThat(last(resumed).screen()).isEqualTo(atConfirm.screen());
    assertThat(last(play(context(household), atConfirm.state(), "2")).screen()).contains("1. Ka n ka sara kɛ");
    HouseholdView nowPending = household("utm-bamako", "combined", persons("AMV-000012", 4, null, null), 1, List.of(),
        Money.of(5280, "XOF"));
    assertThat(play(context(nowPending), atConfirm.state()).get(0).screen()).as("nothing to resume once a payment is under way")
        .contains("1. Français");
  }

  @Test
  void bambaraFallsBackToGsmSpelling() {
    String screen = last(play(household("mopti-cercle", null, 2, 1), "2", "1")).screen();
    assertThat(screen).contains("Sara kɛ jɔn ye?");
    assertThat(MESSAGES.gsm7("bm", screen)).contains("Sara kè jòn ye?").doesNotContain("ɛ", "ɔ");
    assertThat(MESSAGES.gsm7("bm", "ɲinini ŋaniya Ɲɛ")).isEqualTo("nyinini nganiya Nyè");
    assertThat(MESSAGES.gsm7("fr", "Mes reçus, fenêtre 😀")).isEqualTo("Mes recus, fenetre ?");
  }

  /**
   * Every screen of every flow in every language, on every network (see {@link ScreenRule}), with worst-case
   * data: the longest names, 40 persons in every state of cover, the largest amounts, several
   * wallets with long names. Explores every screen reachable with the menus' own keys.
   */
  @Test
  void everyScreenFitsWithWorstCaseData() {
    List<String> keys = List.of("1", "2", "3", "4", "5", "0", "00", "99", "12", "9999999", "x");
    List<Wallet> wallets = List.of(new Wallet("orange", "Orange Money Mali", List.of("61002")),
        new Wallet("moov", "Moov Africa Money", List.of("61001"), true, false), new Wallet("wave", "Wave Mobile Money", List.of(), true, true));
    int screens = 0;
    for (MutualConfig mutual : CONFIG.mutuals()) {
      String number = mutual.code() + "-999999";
      List<Beneficiary> people = new ArrayList<>();
      LocalDate[][] covers = {{null, null}, {TODAY.minusMonths(1), TODAY.plusYears(1)}, {TODAY.minusYears(3), TODAY.minusYears(2)},
          {TODAY.minusYears(1), TODAY.minusDays(3)}, {TODAY.minusYears(2), TODAY.plusMonths(5)}};
      for (int i = 1; i <= 40; i++) {
        LocalDate[] cover = covers[i % covers.length];
        people.add(new Beneficiary(UUID.randomUUID(), number + String.format("-%02d", i),
            "Mamadou Abdoulaye Ousmane Diakité-Coulibaly " + i, i == 1, cover[0], cover[1]));
      }
      List<ReceiptLine> receipts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        receipts.add(new ReceiptLine(mutual.code() + "-R9999999", TODAY, Money.of(999_999_999L, "XOF"), "Moov Africa Money"));
      }
      HouseholdView worst = household(mutual.id(), "hospitalisation", people, 0, receipts, null);
      HouseholdView pending = household(mutual.id(), "hospitalisation", people, 0, receipts, Money.of(999_999_999L, "XOF"));
      for (HouseholdView household : java.util.Arrays.asList(worst, pending, null)) {
        for (List<Wallet> offered : List.of(ONE_WALLET, wallets)) {
          screens += explore(context(household, offered, "61001"), keys);
        }
      }
    }
    assertThat(screens).as("screens explored").isGreaterThan(500);
  }

  /** Breadth-first over the states reachable from the start, checking each screen. */
  private int explore(UssdContext context, List<String> keys) {
    java.util.Set<MenuState> seen = new java.util.HashSet<>();
    java.util.ArrayDeque<UssdReply> queue = new java.util.ArrayDeque<>();
    UssdReply first = engine.start(context);
    queue.add(first);
    int screens = 0;
    while (!queue.isEmpty() && screens < 5000) {
      UssdReply reply = queue.poll();
      screens++;
      assertFits(reply);
      if (reply.end() || !seen.add(reply.state())) continue;
      if (reply.state().step().payment()) assertFits(engine.start(context, reply.state()));
      for (String key : keys) queue.add(engine.resume(reply.state(), key, context));
    }
    return screens;
  }

  private static void assertFits(UssdReply reply) {
    ScreenRule.assertReachesEveryNetwork(reply.state().language(), reply.screen());
  }
}
