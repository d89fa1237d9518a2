package org.keneya.flows.ussd.centre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.flows.TestConfig.MESSAGES;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.ussd.PinCheck;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.Turns;
import org.keneya.flows.ussd.centre.CentreOutcome.PersonRights;

class CentreMenuTest {
  static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private final CentreMenu menu = new CentreMenu(MESSAGES);

  private static CentreContext context(String centre, boolean pinSet, boolean pinsAllowed) {
    return new CentreContext(centre, "MOP", "*144#", BAMAKO, pinSet, pinsAllowed);
  }

  private static final CentreContext KONNA = context("CSCom de Konna", true, true);

  private Turn<CentreState, CentreWork> hop(CentreState state, String input, CentreContext context, Function<CentreWork, CentreOutcome> shell) {
    return Turns.settle(menu.resume(state, input, context), shell, (at, outcome) -> menu.resume(at, outcome, context));
  }

  private static Turn.Show<CentreState, CentreWork> shown(Turn<CentreState, CentreWork> turn) {
    return Turns.shown(turn);
  }

  private static CentreOutcome pin(PinCheck check) {
    return new CentreOutcome.PinChecked(check);
  }

  @Test
  void thePinFirst_thenAHouseholdOrAPerson() {
    List<CentreWork> asked = new ArrayList<>();
    Function<CentreWork, CentreOutcome> shell = work -> {
      asked.add(work);
      if (work instanceof CentreWork.CheckPin p) return pin(p.pin().equals("2468") ? new PinCheck.Passed() : new PinCheck.Wrong(1, 3));
      String number = ((CentreWork.CheckRights) work).memberNumber();
      return new CentreOutcome.RightsRead(number, number.equals("MOP-000001-02")
          ? List.of(new PersonRights("MOP-000001-02", "Issa Keita", new RightsStatus.NotPaid()))
          : List.of(new PersonRights("MOP-000001-01", "Mariam Keita", new RightsStatus.Open(TODAY.plusMonths(6))),
              new PersonRights("MOP-000001-02", "Issa Keita", new RightsStatus.NotPaid())));
    };
    var askPin = shown(menu.start(KONNA));
    assertThat(askPin.screen()).isEqualTo("Keneya - CSCom de Konna\nVérification des droits\n0 Bamanankan\nPIN du centre:");
    var wrong = shown(hop(askPin.state(), "000001", KONNA, shell));
    assertThat(wrong.screen()).isEqualTo("PIN incorrect (1/3).\nPIN du centre:");
    var ask = shown(hop(wrong.state(), "2468", KONNA, shell));
    assertThat(ask.screen()).contains("Numéro de membre");
    assertThat(ask.state().step()).isEqualTo(CentreState.Step.MEMBER_NUMBER);
    var household = shown(hop(ask.state(), "1", KONNA, shell));
    assertThat(household.end()).isTrue();
    assertThat(household.screen()).isEqualTo("MOP-000001\n01 Mariam: couvert\n02 Issa: non couvert");
    assertThat(shown(hop(ask.state(), "00000102", KONNA, shell)).screen()).startsWith("MOP-000001-02 Issa Keita\nAucune cotisation");
    assertThat(asked.subList(2, 4)).containsExactly(new CentreWork.CheckRights("MOP-000001"), new CentreWork.CheckRights("MOP-000001-02"));
    assertThat(asked.toString()).doesNotContain("2468");
    assertThat(shown(hop(ask.state(), "12-3", KONNA, shell)).screen()).startsWith("Numéro de membre illisible. Composez *144#");
    assertThat(shown(hop(ask.state(), "999999", KONNA, w -> new CentreOutcome.RightsRead("MOP-999999", List.of()))).screen())
        .startsWith("Aucun membre MOP-999999");
    var delayed = shown(hop(askPin.state(), "1111", KONNA, w -> pin(new PinCheck.Delayed(OffsetDateTime.parse("2026-11-23T10:05:00Z")))));
    assertThat(delayed.end()).isTrue();
    assertThat(delayed.screen()).isEqualTo("Trop de PIN incorrects. Réessayez après 10:05.");
  }

  @Test
  void noPinIsAskedBeforeTheMutualSetsOne_norOverAQueryString() {
    var noPin = shown(menu.start(context("CSCom de Konna", false, true)));
    assertThat(noPin.end()).isTrue();
    assertThat(noPin.screen()).startsWith("Ce centre n'a pas encore de PIN");
    var byGet = shown(menu.start(context("CSCom de Konna", true, false)));
    assertThat(byGet.end()).isTrue();
    assertThat(byGet.pinRefusedOverGet()).isTrue();
    assertThat(byGet.screen()).startsWith("Service indisponible par cette voie");
    CentreState askPin = shown(menu.start(KONNA)).state();
    var pinByGet = shown(hop(askPin, "2468", context("CSCom de Konna", true, false), w -> { throw new AssertionError("unchecked: " + w); }));
    assertThat(pinByGet.pinRefusedOverGet()).isTrue();
  }

  @Test
  void zeroOnThePinScreenTurnsItToBambara_andNoPinIsCountedForIt() {
    CentreState askPin = shown(menu.start(KONNA)).state();
    var bambara = shown(hop(askPin, "0", KONNA, w -> { throw new AssertionError("no PIN typed: " + w); }));
    assertThat(bambara.screen()).isEqualTo("Keneya - CSCom de Konna\nJosariyaw lajɛ\n0 Français\nDɔgɔtɔrɔso ka PIN:");
    var ask = shown(hop(bambara.state(), "2468", KONNA, w -> pin(new PinCheck.Passed())));
    assertThat(ask.screen()).contains("Tɔnden nimɔrɔ");
    var rights = shown(hop(ask.state(), "1", KONNA, w -> new CentreOutcome.RightsRead("MOP-000001", List.of(
        new PersonRights("MOP-000001-01", "Mariam Keita", new RightsStatus.Open(TODAY)),
        new PersonRights("MOP-000001-02", "Issa Keita", new RightsStatus.Suspended(TODAY))))));
    assertThat(rights.screen()).isEqualTo("MOP-000001\n01 Mariam: a sɔrɔla\n02 Issa: a jɔra");
    assertThat(shown(hop(bambara.state(), "0", KONNA, w -> null)).screen()).contains("Vérification des droits");
  }

  @Test
  void aHouseholdTooLargeForOneScreenEndsWithDots() {
    CentreState ask = CentreState.pastPin("fr");
    List<PersonRights> persons = new ArrayList<>();
    for (int i = 1; i <= 40; i++) persons.add(new PersonRights(String.format("MOP-000001-%02d", i), "Ousmane Diakité", new RightsStatus.NotPaid()));
    var many = shown(hop(ask, "1", KONNA, w -> new CentreOutcome.RightsRead("MOP-000001", persons)));
    assertThat(many.screen()).startsWith("MOP-000001\n01 Ousmane: non couvert\n").endsWith("\n...");
  }

  /**
   * Every screen of the rights check in both languages, on every network: a long centre name, 40
   * persons with the longest names in every state of cover, every answer the shell can give.
   */
  @Test
  void everyScreenFitsWithWorstCaseData() {
    String centre = "Centre de santé communautaire de Borondougou";
    String name = "Mamadou-Abdoulaye-Ousmane-Diakité-Coulibaly Traoré";
    List<RightsStatus> statuses = List.of(new RightsStatus.NotPaid(), new RightsStatus.Waiting(TODAY, TODAY), new RightsStatus.Open(TODAY),
        new RightsStatus.Grace(TODAY), new RightsStatus.Suspended(TODAY));
    List<List<PersonRights>> answers = new ArrayList<>();
    answers.add(List.of());
    for (RightsStatus status : statuses) answers.add(List.of(new PersonRights("MOP-999999-99", name, status)));
    List<PersonRights> household = new ArrayList<>();
    for (int i = 1; i <= 40; i++) household.add(new PersonRights(String.format("MOP-999999-%02d", i), name, statuses.get(i % statuses.size())));
    answers.add(household);
    List<CentreOutcome> pins = List.of(pin(new PinCheck.Passed()), pin(new PinCheck.Wrong(99, 3)),
        pin(new PinCheck.Delayed(OffsetDateTime.parse("2026-11-23T23:59:00Z"))));
    List<String> keys = List.of("0", "2468", "1", "1203", "MOP-000012", "99999999", "x", "");
    int screens = 0;
    for (boolean pinSet : List.of(true, false)) {
      for (boolean pinsAllowed : List.of(true, false)) {
        CentreContext context = context(centre, pinSet, pinsAllowed);
        Set<CentreState> seen = new HashSet<>();
        ArrayDeque<Turn<CentreState, CentreWork>> queue = new ArrayDeque<>(List.of(menu.start(context)));
        while (!queue.isEmpty()) {
          Turn<CentreState, CentreWork> turn = queue.poll();
          if (turn instanceof Turn.Await<CentreState, CentreWork> await) {
            if (await.work() instanceof CentreWork.CheckRights rights) {
              answers.forEach(persons -> queue.add(menu.resume(await.state(), new CentreOutcome.RightsRead(rights.memberNumber(), persons), context)));
            } else {
              pins.forEach(outcome -> queue.add(menu.resume(await.state(), outcome, context)));
            }
            continue;
          }
          Turn.Show<CentreState, CentreWork> show = shown(turn);
          screens++;
          assertThat(show.screen()).doesNotContain("{");
          if (show.end() || !seen.add(show.state())) continue;
          for (String key : keys) queue.add(menu.resume(show.state(), key, context));
        }
      }
    }
    assertThat(screens).as("screens explored").isGreaterThan(100);
  }
}
