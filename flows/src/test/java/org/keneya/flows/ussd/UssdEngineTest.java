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
import org.keneya.flows.ussd.HouseholdView.ReceiptLine;

class UssdEngineTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private final UssdEngine engine = new UssdEngine(MESSAGES);

  static HouseholdView household(String mutualId, String level, int persons, int feesPaid) {
    MutualConfig mutual = CONFIG.mutual(mutualId).orElseThrow();
    return new HouseholdView(UUID.randomUUID(), mutual.code() + "-00012", mutual,
        CONFIG.product(mutual.products().get(0)).orElseThrow(), level, persons, feesPaid, null, null, List.of(), null);
  }

  private UssdContext context(HouseholdView household) {
    return new UssdContext("*144#", TODAY, household, "UTM Bamako 20 22 00 00");
  }

  /** Plays inputs as successive hops, with the state serialised form (a record) carried between them. */
  private List<UssdReply> play(HouseholdView household, String... inputs) {
    List<UssdReply> replies = new ArrayList<>();
    UssdReply reply = engine.start(context(household));
    replies.add(reply);
    for (String input : inputs) {
      assertThat(reply.end()).as("session ended before input " + input).isFalse();
      reply = engine.resume(reply.state(), input, context(household));
      replies.add(reply);
    }
    replies.forEach(r -> assertThat(r.screen().length()).as(r.screen()).isLessThanOrEqualTo(UssdReply.MAX_SCREEN));
    return replies;
  }

  @Test
  void moptiHouseholdOfSixPaysItsMemberShareAndAdhesion() {
    HouseholdView household = household("mopti-cercle", null, 6, 0);
    List<UssdReply> replies = play(household, "1", "1", "1");
    assertThat(replies.get(0).screen()).contains("1. Français", "2. Bamanankan");
    assertThat(replies.get(1).screen()).contains("Foyer MOP-00012", "1. Payer ma cotisation", "2. Mes droits", "3. Mes derniers recus");
    assertThat(replies.get(2).screen())
        .contains("6 pers. x 1 730 FCFA = 10 380 FCFA", "Adhésion: 1 000 FCFA", "Total: 11 380 FCFA", "1 an");
    UssdReply last = replies.get(3);
    assertThat(last.end()).isTrue();
    assertThat(last.screen()).contains("11 380 FCFA", "code secret");
    assertThat(last.effects()).singleElement().isInstanceOfSatisfying(Effect.RequestPayment.class, pay -> {
      assertThat(pay.householdId()).isEqualTo(household.householdId());
      assertThat(pay.quote().memberShare()).isEqualTo(10380);
      assertThat(pay.quote().adhesionFee()).isEqualTo(1000);
      assertThat(pay.quote().funderShares()).containsEntry("state", 25950L).containsEntry("afd", 15570L);
      assertThat(pay.language()).isEqualTo("fr");
    });
  }

  @Test
  void cottonHouseholdDeclaresItsKilograms() {
    List<UssdReply> replies = play(household("nongon-cotton", null, 7, 0), "2", "1", "abc", "1250", "1");
    assertThat(replies.get(2).screen()).contains("kg").contains("2 FCFA");
    assertThat(replies.get(3).screen()).startsWith("Ka kg hake");
    assertThat(replies.get(4).screen()).contains("kg 1250 x 2 FCFA = 2 500 FCFA").doesNotContain("Donni sara");
    assertThat(((Effect.RequestPayment) replies.get(5).effects().get(0)).quote().memberPays()).isEqualTo(2500);
  }

  @Test
  void urbanHouseholdPaysItsMonthAtItsLevel() {
    List<UssdReply> replies = play(household("utm-bamako", "combined", 4, 1), "1", "1");
    assertThat(replies.get(2).screen()).contains("4 pers. x 440 FCFA = 1 760 FCFA", "1 mois").doesNotContain("Adhésion");
  }

  @Test
  void cancellingRequestsNothing() {
    UssdReply last = play(household("mopti-cercle", null, 6, 1), "1", "1", "2").get(3);
    assertThat(last.end()).isTrue();
    assertThat(last.effects()).isEmpty();
    assertThat(last.screen()).contains("annulé", "*144#");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9", "abc", "1*1", "'; drop table households; --", "😀", "000000000000000000000000000000"})
  void unexpectedInputRepeatsTheScreenWithAHint(String input) {
    HouseholdView household = household("mopti-cercle", null, 6, 1);
    List<UssdReply> replies = play(household, "1", input);
    assertThat(replies.get(2).end()).isFalse();
    assertThat(replies.get(2).screen()).startsWith("Choix invalide.").contains("1. Payer ma cotisation");
    assertThat(replies.get(2).effects()).isEmpty();
  }

  @Test
  void unknownNumberIsToldWhomToContact() {
    UssdReply last = play(null, "1").get(1);
    assertThat(last.end()).isTrue();
    assertThat(last.screen()).contains("aucun foyer", "UTM Bamako 20 22 00 00");
  }

  @Test
  void aPendingPaymentIsNotRequestedTwice() {
    HouseholdView base = household("mopti-cercle", null, 6, 1);
    HouseholdView pending = new HouseholdView(base.householdId(), base.memberNumber(), base.mutual(), base.product(), null,
        6, 1, null, null, List.of(), Money.of(10380, "XOF"));
    UssdReply last = play(pending, "1", "1").get(2);
    assertThat(last.end()).isTrue();
    assertThat(last.effects()).isEmpty();
    assertThat(last.screen()).contains("déjà en cours", "10 380 FCFA");
  }

  @Test
  void rightsAndReceiptsAreShownInPlainWords() {
    HouseholdView base = household("mopti-cercle", null, 6, 1);
    HouseholdView paid = new HouseholdView(base.householdId(), base.memberNumber(), base.mutual(), base.product(), null, 6, 1,
        LocalDate.of(2026, 10, 1), LocalDate.of(2027, 9, 30),
        List.of(new ReceiptLine("MOP-000002", LocalDate.of(2026, 10, 1), Money.of(11380, "XOF"))), null);
    assertThat(play(paid, "1", "2").get(2).screen()).contains("période d'observation", "01/01/2027");
    assertThat(play(paid, "1", "3").get(2).screen()).contains("MOP-000002 01/10/2026 11 380 FCFA");
    assertThat(play(base, "2", "2").get(2).screen()).contains("josira te yen");
    assertThat(play(base, "1", "3").get(2).screen()).contains("Aucun recu");
  }

  /** Every screen of every flow in every language, with the largest household, amounts and receipts. */
  @Test
  void everyScreenFitsWithWorstCaseData() {
    for (MutualConfig mutual : CONFIG.mutuals()) {
      HouseholdView base = household(mutual.id(), "hospitalisation", 99, 0);
      List<ReceiptLine> receipts = new ArrayList<>();
      for (int i = 0; i < 6; i++) receipts.add(new ReceiptLine(mutual.code() + "-9999999", TODAY, Money.of(999_999_999L, "XOF")));
      HouseholdView worst = new HouseholdView(base.householdId(), mutual.code() + "-9999999", mutual, base.product(),
          "hospitalisation", 99, 0, TODAY, TODAY.plusYears(1), receipts, null);
      for (String language : List.of("1", "2")) {
        for (String[] path : List.of(new String[] {"1"}, new String[] {"2"}, new String[] {"3"}, new String[] {"x"},
            new String[] {"1", "x"}, new String[] {"1", "1", "x"}, new String[] {"1", "1", "9999999", "x"},
            new String[] {"1", "1", "1"}, new String[] {"1", "1", "10000000", "1"}, new String[] {"1", "1", "2"})) {
          String[] inputs = new String[path.length + 1];
          inputs[0] = language;
          System.arraycopy(path, 0, inputs, 1, path.length);
          playUntilEnd(worst, inputs);
        }
      }
      playUntilEnd(null, "2");
    }
  }

  private void playUntilEnd(HouseholdView household, String... inputs) {
    UssdReply reply = engine.start(context(household));
    for (String input : inputs) {
      assertThat(reply.screen().length()).as(reply.screen()).isLessThanOrEqualTo(UssdReply.MAX_SCREEN);
      if (reply.end()) return;
      reply = engine.resume(reply.state(), input, context(household));
    }
    assertThat(reply.screen().length()).as(reply.screen()).isLessThanOrEqualTo(UssdReply.MAX_SCREEN);
  }
}
