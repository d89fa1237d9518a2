package org.keneya.adapters.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentState;

class StatusChangeTest {
  private static final UUID INTENT = UUID.fromString("6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11");

  @Test
  void aChangeTheTableAllowsGoesAhead() {
    assertThat(StatusChange.check(INTENT, PaymentState.EXPIRED, PaymentState.SUCCESSFUL).succeeded()).isTrue();
  }

  @Test
  void aChangeTheTableRefusesFailsWithTheDomainsReason() {
    var refused = StatusChange.check(INTENT, PaymentState.SUCCESSFUL, PaymentState.REVIEW);
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(PaymentState.IllegalTransition.class)
        .hasMessageContaining("from SUCCESSFUL to REVIEW").hasMessageContaining("booked once");
  }

  @Test
  void aGuardedChangeThatFoundNoStateToChangeFromFails() {
    var refused = StatusChange.refused(INTENT, "no longer awaits its member");
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).hasMessage("no longer awaits its member");
  }
}
