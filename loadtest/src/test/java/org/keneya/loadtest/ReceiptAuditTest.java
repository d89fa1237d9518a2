package org.keneya.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptAuditTest {
  @Test
  void onlyPaymentsWaitingForTheWalletCountAsOpen() {
    assertThat(ReceiptAudit.open(Map.of("INITIATING", 2L, "PENDING", 3L, "EXPIRED", 7L, "REVIEW", 1L, "SUCCESSFUL", 40L))).isEqualTo(5);
    assertThat(ReceiptAudit.open(Map.of("SUCCESSFUL", 40L))).isZero();
  }
}
