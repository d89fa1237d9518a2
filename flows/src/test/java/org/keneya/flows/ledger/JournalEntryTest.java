package org.keneya.flows.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
  @Test
  void anEntryBalances_orIsNotMade() {
    JournalEntry paid = new JournalEntry("mopti-cercle", null, JournalEntry.Kind.SUBSIDY_RECEIVED, "Subsidy from state", "XOF",
        List.of(new Posting("bank", 4325), new Posting("subsidy-receivable:state", -4325)));
    assertThat(paid.kind().code()).isEqualTo("subsidy-received");
    assertThatThrownBy(() -> new JournalEntry("mopti-cercle", null, JournalEntry.Kind.REMITTANCE, "Remittance", "XOF",
        List.of(new Posting("bank", 4325), new Posting("collector-cash", -4324))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced").hasMessageContaining("1");
  }

  @Test
  void everyKindKeepsTheCodeTheJournalHolds() {
    assertThat(List.of(JournalEntry.Kind.values()).stream().map(JournalEntry.Kind::code))
        .containsExactly("receipt", "reversal", "subsidy-received", "remittance");
  }
}
