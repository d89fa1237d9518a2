package org.keneya.flows.ussd.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.CONFIG;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.keneya.config.MutualConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.HouseholdView;
import org.keneya.flows.ussd.PinCheck;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.Turns;

class CollectorMenuTest {
  static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneId.of("Africa/Bamako"));
  static final MutualConfig MOPTI = CONFIG.mutual("mopti-cercle").orElseThrow();
  private final CollectorMenu menu = new CollectorMenu(MESSAGES);

  static HouseholdView household(MutualConfig mutual, int persons, String name, HouseholdView.CashDeposit pending) {
    List<HouseholdView.Beneficiary> people = new ArrayList<>();
    String number = mutual.code() + "-000001";
    for (int i = 1; i <= persons; i++) {
      people.add(new HouseholdView.Beneficiary(UUID.randomUUID(), number + String.format("-%02d", i), name + " " + i, i == 1, null, null));
    }
    return new HouseholdView(UUID.randomUUID(), number, mutual, mutual.sections().get(0), CONFIG.product(mutual.products().get(0)).orElseThrow(),
        "hospitalisation", people, 0, List.of(), null, pending);
  }

  static CollectorOutcome.Household found(HouseholdView view, String language) {
    return new CollectorOutcome.Household(view, "+22376000301", language, UUID.randomUUID());
  }

  /** A collector of Konna's section. */
  private static CollectorContext context(MutualConfig mutual, String name, HouseholdView household, boolean pinsAllowed) {
    return new CollectorContext(name, mutual, "konna", 5, "223", NOW, household, pinsAllowed);
  }

  /** A collector of the mutual's section whose contact is the longest. */
  private static CollectorContext worstContext(MutualConfig mutual, String name, HouseholdView household, boolean pinsAllowed) {
    String section = mutual.sections().stream().max(Comparator.comparing(s -> s.contact() == null ? 0 : s.contact().length()))
        .orElseThrow().id();
    return new CollectorContext(name, mutual, section, 5, "223", NOW, household, pinsAllowed);
  }

  /** A hop: the input typed, then the work it asks for done by {@code shell} until a screen (or the switch to the members' menu) comes. */
  private Turn<CollectorState, CollectorWork> hop(CollectorState state, String input, CollectorContext context,
      Function<CollectorWork, CollectorOutcome> shell) {
    return Turns.settle(menu.resume(state, input, context), shell, (at, outcome) -> menu.resume(at, outcome, context));
  }

  private static Turn.Show<CollectorState, CollectorWork> shown(Turn<CollectorState, CollectorWork> turn) {
    return Turns.shown(turn);
  }

  @Test
  void aDepositFromTheHouseholdToTheCode_thePinCheckedByTheShellAndNeverKept() {
    HouseholdView mariam = household(MOPTI, 2, "Mariam Diallo", null);
    List<CollectorWork> asked = new ArrayList<>();
    Function<CollectorWork, CollectorOutcome> shell = work -> {
      asked.add(work);
      if (work instanceof CollectorWork.FindHousehold) return new CollectorOutcome.HouseholdRead((CollectorWork.FindHousehold) work, found(mariam, "fr"));
      if (work instanceof CollectorWork.CheckPin pin) return new CollectorOutcome.PinChecked(pin.pin().equals("4821") ? new PinCheck.Passed() : new PinCheck.Wrong(1, 3));
      return new CollectorOutcome.DepositRecorded("0427");
    };
    CollectorContext context = context(MOPTI, "Bakary Traore", null, true);
    var menuScreen = shown(menu.start(context, false));
    assertThat(menuScreen.screen()).startsWith("Bakary Traore, collecteur MOP\n1 Nouveau dépôt").contains("5 Bamanankan")
        .doesNotContain("9 Mon espace membre");
    var askMember = shown(hop(menuScreen.state(), "1", context, shell));
    assertThat(askMember.screen()).contains("Numéro de membre ou téléphone");
    var askPeriods = shown(hop(askMember.state(), "76000301", context, shell));
    assertThat(asked).singleElement().isEqualTo(new CollectorWork.FindHousehold("76000301", new Msisdn("+22376000301"), null));
    assertThat(askPeriods.screen()).contains("Foyer MOP-000001, 2 pers.", "Une période: 4 460 FCFA");
    assertThat(askPeriods.state().householdToRead()).isEqualTo(mariam.householdId());
    CollectorContext withHousehold = context(MOPTI, "Bakary Traore", mariam, true);
    assertThat(shown(hop(askPeriods.state(), "13", withHousehold, shell)).screen()).startsWith("Nombre invalide.\nFoyer MOP-000001");
    var askAmount = shown(hop(askPeriods.state(), "1", withHousehold, shell));
    assertThat(askAmount.screen()).contains("A payer: 4 460 FCFA");
    assertThat(shown(hop(askAmount.state(), "4000", context, shell)).screen()).contains("Le montant doit être 4 460 FCFA");
    var askTime = shown(hop(askAmount.state(), "4 460", context, shell));
    assertThat(askTime.screen()).contains("Heure de la collecte");
    assertThat(shown(hop(askTime.state(), "1130", context, shell)).screen()).as("a time to come").startsWith("Heure invalide");
    var askPin = shown(hop(askTime.state(), "0930", context, shell));
    assertThat(askPin.screen()).contains("4 460 FCFA reçus à 09:30", "PIN pour confirmer");
    var wrong = shown(hop(askPin.state(), "1111", context, shell));
    assertThat(wrong.screen()).isEqualTo("PIN incorrect (1/3).\nPIN:");
    var recorded = shown(hop(wrong.state(), "4821", context, shell));
    assertThat(recorded.end()).isTrue();
    assertThat(recorded.screen()).isEqualTo("Dépôt enregistré, code 0427. Le foyer MOP-000001 doit le confirmer par SMS.");
    CollectorWork.RecordDeposit deposit = (CollectorWork.RecordDeposit) asked.get(asked.size() - 1);
    assertThat(deposit.deposit().quote().memberPays()).isEqualTo(4460);
    assertThat(deposit.deposit().collectedAt()).isEqualTo(NOW.withHour(9).withMinute(30).toInstant());
    assertThat(List.of(askPin.state(), wrong.state(), recorded.state()).toString()).doesNotContain("4821", "1111");
    assertThat(asked.toString()).doesNotContain("4821", "1111");
  }

  @Test
  void aHouseholdOfAnotherMutual_orWithADepositAwaitingItsMember_isRefused() {
    CollectorContext context = context(MOPTI, "Bakary Traore", null, true);
    CollectorState askMember = shown(hop(shown(menu.start(context, false)).state(), "1", context, w -> null)).state();
    HouseholdView urban = household(CONFIG.mutual("utm-bamako").orElseThrow(), 1, "Awa", null);
    var other = shown(hop(askMember, "AMV-000001", context, w -> new CollectorOutcome.HouseholdRead((CollectorWork.FindHousehold) w, found(urban, "fr"))));
    assertThat(other.screen()).startsWith("Aucun foyer AMV-000001 dans votre mutuelle.");
    assertThat(other.end()).isFalse();
    assertThat(shown(hop(askMember, "abc", context, w -> { throw new AssertionError("nothing to look up: " + w); })).screen())
        .startsWith("Aucun foyer abc");
    HouseholdView waiting = household(MOPTI, 2, "Awa", new HouseholdView.CashDeposit("5120", Money.of(2730, "XOF"), "Bakary", NOW.toLocalDate()));
    var pending = shown(hop(askMember, "12", context, w -> new CollectorOutcome.HouseholdRead((CollectorWork.FindHousehold) w, found(waiting, "fr"))));
    assertThat(pending.end()).isTrue();
    assertThat(pending.screen()).contains("(code 5120) attend la confirmation du membre");
  }

  @Test
  void positionAndCommissionOnlyBehindThePin_andDelaysNameTheSectionsContact() {
    CollectorContext context = context(MOPTI, "Bakary Traore", null, true);
    CollectorState start = shown(menu.start(context, false)).state();
    Function<CollectorWork, CollectorOutcome> shell = work -> work instanceof CollectorWork.CheckPin
        ? new CollectorOutcome.PinChecked(new PinCheck.Passed()) : new CollectorOutcome.PositionRead(4460, 1, 2730, 1, 4460);
    var askPin = shown(hop(start, "2", context, shell));
    assertThat(askPin.screen()).isEqualTo("Votre PIN:");
    assertThat(shown(hop(askPin.state(), "4821", context, shell)).screen())
        .isEqualTo("Caisse: 4 460 FCFA confirmés non versés (1 dépôts). En attente des membres: 2 730 FCFA (1).");
    assertThat(shown(hop(shown(hop(start, "3", context, shell)).state(), "4821", context, shell)).screen())
        .isEqualTo("Commission de 11/2026: 223 FCFA (5% de 4 460 FCFA confirmés).");
    var delayed = shown(hop(askPin.state(), "4821", context,
        w -> new CollectorOutcome.PinChecked(new PinCheck.Delayed(OffsetDateTime.parse("2026-11-23T10:05:00Z")))));
    assertThat(delayed.end()).isTrue();
    assertThat(delayed.screen()).isEqualTo("Trop de PIN incorrects. Réessayez après 10:05. Contact de la mutuelle: Section Konna 21 43 00 02");
    assertThat(shown(hop(askPin.state(), "1111", context, w -> new CollectorOutcome.PinChecked(new PinCheck.Wrong(2, 3)))).screen())
        .isEqualTo("PIN incorrect (2/3).\nVotre PIN:");
  }

  @Test
  void theNewPinIsTypedTwice_afterTheOldOne() {
    CollectorContext context = context(MOPTI, "Bakary Traore", null, true);
    List<CollectorWork> asked = new ArrayList<>();
    Function<CollectorWork, CollectorOutcome> shell = work -> {
      asked.add(work);
      return work instanceof CollectorWork.CheckPin ? new CollectorOutcome.PinChecked(new PinCheck.Passed()) : new CollectorOutcome.PinChanged();
    };
    var oldPin = shown(hop(shown(menu.start(context, false)).state(), "4", context, shell));
    assertThat(oldPin.screen()).isEqualTo("PIN actuel:");
    var newPin = shown(hop(oldPin.state(), "5937", context, shell));
    assertThat(newPin.state().step()).isEqualTo(CollectorState.Step.NEW_PIN);
    assertThat(shown(hop(newPin.state(), "60726073", context, shell)).screen()).startsWith("PIN refusé (2 x)");
    assertThat(shown(hop(newPin.state(), "12341234", context, shell)).screen()).startsWith("PIN refusé (not a run");
    var changed = shown(hop(newPin.state(), "60726072", context, shell));
    assertThat(changed.end()).isTrue();
    assertThat(changed.screen()).isEqualTo("PIN changé.");
    assertThat(asked.get(asked.size() - 1)).isEqualTo(new CollectorWork.ChangePin("6072"));
    assertThat(asked.get(asked.size() - 1).toString()).doesNotContain("6072");
  }

  @Test
  void overAQueryStringNoPinIsAskedForNorRead() {
    CollectorContext byGet = context(MOPTI, "Bakary Traore", null, false);
    CollectorState start = shown(menu.start(byGet, false)).state();
    var refused = shown(hop(start, "2", byGet, w -> { throw new AssertionError("nothing to do: " + w); }));
    assertThat(refused.end()).isTrue();
    assertThat(refused.pinRefusedOverGet()).isTrue();
    assertThat(refused.screen()).startsWith("Service indisponible par cette voie").doesNotContain("PIN:");
    CollectorState askPin = shown(hop(start, "2", context(MOPTI, "Bakary Traore", null, true), w -> null)).state();
    var pinByGet = shown(hop(askPin, "4821", byGet, w -> { throw new AssertionError("a PIN by GET is not checked: " + w); }));
    assertThat(pinByGet.pinRefusedOverGet()).isTrue();
    assertThat(pinByGet.state().step()).isEqualTo(CollectorState.Step.MENU);
    assertThat(shown(hop(start, "1", byGet, w -> null)).pinRefusedOverGet()).as("no PIN on that screen").isFalse();
  }

  @Test
  void aCollectorMayTurnTheMenuToBambara_andOneWhoIsAMemberTooMaySwitchToTheMembersMenu() {
    CollectorContext context = context(MOPTI, "Bakary Traore", null, true);
    CollectorState start = shown(menu.start(context, true)).state();
    var bambara = shown(hop(start, "5", context, w -> null));
    assertThat(bambara.screen()).startsWith("Bakary Traore, wariladen MOP\n1 Wari mara kura").contains("5 Français", "9 N ka tɔndenya");
    assertThat(shown(hop(bambara.state(), "1", context, w -> null)).screen()).isEqualTo("Tɔnden nimɔrɔ walima denbayatigi ka telefɔni:");
    assertThat(shown(hop(bambara.state(), "7", context, w -> null)).screen()).startsWith("Sugandili ma ɲɛ.\nBakary Traore, wariladen");
    assertThat(shown(hop(bambara.state(), "5", context, w -> null)).screen()).contains("1 Nouveau dépôt");
    assertThat(hop(start, "9", context, w -> null)).isInstanceOf(Turn.ToMemberMenu.class);
    CollectorState notMember = shown(menu.start(context, false)).state();
    assertThat(shown(hop(notMember, "9", context, w -> null)).screen()).startsWith("Choix invalide.\n");
  }

  /**
   * Every screen of the collector's menu in both languages, on every network, with worst-case data:
   * a collector's name of 80 characters, the largest amounts and figures, every answer the shell
   * can give to each work; over POST and over GET.
   */
  @Test
  void everyScreenFitsWithWorstCaseData() {
    String longest = "Mamadou Abdoulaye Ousmane Diakité-Coulibaly dit Bakary le collecteur de Konna ok";
    assertThat(longest).hasSize(80);
    List<String> keys = List.of("1", "2", "3", "4", "5", "9", "0", "12", "13", "1250", "9999999", "76000301", "MOP-000001", "0930", "2359",
        "4821", "60726072", "x", "");
    int screens = 0;
    for (MutualConfig mutual : CONFIG.mutuals()) {
      HouseholdView worst = household(mutual, 40, "Mamadou Abdoulaye Ousmane Diakité-Coulibaly", null);
      HouseholdView waiting = household(mutual, 40, "Awa", new HouseholdView.CashDeposit("9999", Money.of(999_999_999L, "XOF"),
          longest, NOW.toLocalDate()));
      for (boolean pinsAllowed : List.of(true, false)) {
        for (boolean memberToo : List.of(true, false)) {
          screens += explore(mutual, longest, memberToo, pinsAllowed, keys, List.of(worst, waiting));
        }
      }
    }
    assertThat(screens).as("screens explored").isGreaterThan(2000);
  }

  /** Breadth-first over the states reachable from the start, each work answered in every way the shell can. */
  private int explore(MutualConfig mutual, String name, boolean memberToo, boolean pinsAllowed, List<String> keys, List<HouseholdView> households) {
    List<CollectorOutcome.PinChecked> pins = List.of(new CollectorOutcome.PinChecked(new PinCheck.Passed()),
        new CollectorOutcome.PinChecked(new PinCheck.Wrong(99, 3)),
        new CollectorOutcome.PinChecked(new PinCheck.Delayed(OffsetDateTime.parse("2026-11-23T23:59:00Z"))));
    Set<CollectorState> seen = new HashSet<>();
    ArrayDeque<Turn<CollectorState, CollectorWork>> queue = new ArrayDeque<>();
    queue.add(menu.start(worstContext(mutual, name, null, pinsAllowed), memberToo));
    int screens = 0;
    while (!queue.isEmpty()) {
      Turn<CollectorState, CollectorWork> turn = queue.poll();
      if (turn instanceof Turn.ToMemberMenu) continue;
      CollectorState state = turn instanceof Turn.Await<CollectorState, CollectorWork> await ? await.state()
          : ((Turn.Show<CollectorState, CollectorWork>) turn).state();
      HouseholdView household = households.stream().filter(h -> h.householdId().equals(state.householdToRead())).findFirst().orElse(null);
      CollectorContext context = worstContext(mutual, name, household, pinsAllowed);
      if (turn instanceof Turn.Await<CollectorState, CollectorWork> await) {
        List<CollectorOutcome> outcomes = new ArrayList<>();
        CollectorWork work = await.work();
        if (work instanceof CollectorWork.CheckPin) outcomes.addAll(pins);
        if (work instanceof CollectorWork.FindHousehold lookup) {
          outcomes.add(new CollectorOutcome.HouseholdRead(lookup, null));
          households.forEach(h -> outcomes.add(new CollectorOutcome.HouseholdRead(lookup, found(h, "bm"))));
        }
        if (work instanceof CollectorWork.RecordDeposit) outcomes.add(new CollectorOutcome.DepositRecorded("9999"));
        if (work instanceof CollectorWork.ReadPosition) {
          outcomes.add(new CollectorOutcome.PositionRead(999_999_999_999L, 99_999, 999_999_999_999L, 99_999, 999_999_999_999L));
        }
        if (work instanceof CollectorWork.ChangePin) outcomes.add(new CollectorOutcome.PinChanged());
        assertThat(outcomes).as("an answer to " + work).isNotEmpty();
        outcomes.forEach(outcome -> queue.add(menu.resume(await.state(), outcome, context)));
        continue;
      }
      Turn.Show<CollectorState, CollectorWork> show = shown(turn);
      screens++;
      assertThat(show.screen()).doesNotContain("{");
      if (show.end() || !seen.add(state)) continue;
      for (String key : keys) queue.add(menu.resume(state, key, context));
      if (state.step() == CollectorState.Step.AMOUNT) {
        queue.add(menu.resume(state, Long.toString(state.deposit().quote().memberPays()), context));
      }
    }
    return screens;
  }
}
