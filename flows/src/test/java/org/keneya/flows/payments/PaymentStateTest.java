package org.keneya.flows.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keneya.flows.payments.PaymentState.EXPIRED;
import static org.keneya.flows.payments.PaymentState.FAILED;
import static org.keneya.flows.payments.PaymentState.INITIATING;
import static org.keneya.flows.payments.PaymentState.PENDING;
import static org.keneya.flows.payments.PaymentState.REVIEW;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PaymentStateTest {
  private static final Set<String> TABLED = new HashSet<>();

  @ParameterizedTest(name = "{0} -> {1}: {2} ({3})")
  @CsvSource(delimiter = '|', textBlock = """
      # from          | to              | allowed | why (part of the reason)
      INITIATING      | INITIATING      | false   | nothing changes
      INITIATING      | PENDING         | true    | accepted the request
      INITIATING      | AWAITING_MEMBER | false   | only a cash deposit awaits its member
      INITIATING      | SUCCESSFUL      | true    | before its acceptance reached us
      INITIATING      | FAILED          | true    | refused the request
      INITIATING      | EXPIRED         | true    | no answer in the time allowed
      INITIATING      | REVIEW          | true    | never booked silently
      PENDING         | INITIATING      | false   | initiating only until its request is answered
      PENDING         | PENDING         | false   | nothing changes
      PENDING         | AWAITING_MEMBER | false   | only a cash deposit awaits its member
      PENDING         | SUCCESSFUL      | true    | confirms the amount asked
      PENDING         | FAILED          | true    | reports the payment failed
      PENDING         | EXPIRED         | true    | no answer in the time allowed
      PENDING         | REVIEW          | true    | never booked silently
      AWAITING_MEMBER | INITIATING      | false   | initiating only until its request is answered
      AWAITING_MEMBER | PENDING         | false   | never a wallet
      AWAITING_MEMBER | AWAITING_MEMBER | false   | nothing changes
      AWAITING_MEMBER | SUCCESSFUL      | true    | the member confirmed the cash deposit
      AWAITING_MEMBER | FAILED          | true    | the member disputed
      AWAITING_MEMBER | EXPIRED         | false   | never a wallet
      AWAITING_MEMBER | REVIEW          | true    | never booked silently
      SUCCESSFUL      | INITIATING      | false   | booked once
      SUCCESSFUL      | PENDING         | false   | booked once
      SUCCESSFUL      | AWAITING_MEMBER | false   | booked once
      SUCCESSFUL      | SUCCESSFUL      | false   | booked once
      SUCCESSFUL      | FAILED          | false   | booked once
      SUCCESSFUL      | EXPIRED         | false   | booked once
      SUCCESSFUL      | REVIEW          | false   | booked once
      FAILED          | INITIATING      | false   | initiating only until its request is answered
      FAILED          | PENDING         | false   | never waits for the wallet again
      FAILED          | AWAITING_MEMBER | false   | only a cash deposit awaits its member
      FAILED          | SUCCESSFUL      | true    | a success reported after a failure is still booked, once
      FAILED          | FAILED          | false   | nothing changes
      FAILED          | EXPIRED         | false   | only a payment waiting for the wallet expires
      FAILED          | REVIEW          | true    | never booked silently
      EXPIRED         | INITIATING      | false   | initiating only until its request is answered
      EXPIRED         | PENDING         | false   | never waits for the wallet again
      EXPIRED         | AWAITING_MEMBER | false   | only a cash deposit awaits its member
      EXPIRED         | SUCCESSFUL      | true    | after we stopped waiting is still booked
      EXPIRED         | FAILED          | true    | late word that the payment failed
      EXPIRED         | EXPIRED         | false   | nothing changes
      EXPIRED         | REVIEW          | true    | never booked silently
      REVIEW          | INITIATING      | false   | initiating only until its request is answered
      REVIEW          | PENDING         | false   | never waits for the wallet again
      REVIEW          | AWAITING_MEMBER | false   | only a cash deposit awaits its member
      REVIEW          | SUCCESSFUL      | true    | the amount asked is confirmed
      REVIEW          | FAILED          | false   | does not clear it
      REVIEW          | EXPIRED         | false   | only a payment waiting for the wallet expires
      REVIEW          | REVIEW          | true    | still held
      """)
  void everyPairIsAllowedOrRefusedForAReason(PaymentState from, PaymentState to, boolean allowed, String why) {
    PaymentState.Transition transition = from.to(to);
    assertThat(transition.allowed()).as(from + " -> " + to).isEqualTo(allowed);
    assertThat(from.mayBecome(to)).isEqualTo(allowed);
    assertThat(transition.reason()).contains(why);
    TABLED.add(from + ">" + to);
  }

  /** The table above names every pair: a state added without its row fails here. */
  @AfterAll
  static void theTableNamesEveryPair() {
    int states = PaymentState.values().length;
    assertThat(TABLED).hasSize(states * states);
  }

  @ParameterizedTest
  @EnumSource(PaymentState.class)
  void aStateIsStoredByItsNameAndReadBack(PaymentState state) {
    assertThat(PaymentState.of(state.code())).isSameAs(state);
  }

  @Test
  void aStatusTheSchemaDoesNotKnowIsRefused() {
    assertThatThrownBy(() -> PaymentState.of("REQUESTED")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REQUESTED");
    assertThatThrownBy(() -> PaymentState.of("pending")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PaymentState.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAPaymentWaitingForTheWalletIsOpenAndOnlyASuccessfulOneBooked() {
    assertThat(EnumSet.allOf(PaymentState.class).stream().filter(PaymentState::open)).containsExactly(INITIATING, PENDING);
    assertThat(EnumSet.allOf(PaymentState.class).stream().filter(PaymentState::booked)).containsExactly(PaymentState.SUCCESSFUL);
  }

  @Test
  void aStatementsSourcesAreCheckedAgainstTheTable() {
    assertThat(FAILED.from(INITIATING, PENDING, EXPIRED)).containsExactlyInAnyOrder(INITIATING, PENDING, EXPIRED);
    assertThatThrownBy(() -> FAILED.from(PENDING, REVIEW))
        .isInstanceOf(PaymentState.IllegalTransition.class)
        .hasMessageContaining("from REVIEW to FAILED");
  }

  @Test
  void storedNamesAreGivenAsAParameterOrAsSqlLiterals() {
    assertThat(PaymentState.codes(List.of(PENDING, INITIATING))).containsExactly("INITIATING", "PENDING");
    assertThat(PaymentState.sqlList(PaymentState.OPEN)).isEqualTo("'INITIATING', 'PENDING'");
  }
}
