package org.keneya.flows.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.Posting;

/** The money of collectors: their commission, and the postings of a remittance. */
class CashArithmeticTest {
  @ParameterizedTest
  @CsvSource({"4460, 5, 223", "4460, 0, 0", "0, 5, 0", "199, 5, 9", "200, 5, 10", "1000000, 3, 30000"})
  void commissionIsThePercentRoundedDown(long collected, int percent, long commission) {
    assertThat(Commissions.of(collected, percent)).isEqualTo(commission);
  }

  @Property
  void commissionNeverExceedsItsRate(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long collected, @ForAll @IntRange(min = 0, max = 50) int percent) {
    long commission = Commissions.of(collected, percent);
    assertThat(commission * 100).isLessThanOrEqualTo(collected * percent);
    assertThat((commission + 1) * 100).isGreaterThan(collected * percent);
  }

  @ParameterizedTest
  @CsvSource({
      "4460, 4400, 'bank=4400,collector-cash=-4460,cash-shortfall=60'",
      "4460, 4460, 'bank=4460,collector-cash=-4460'",
      "4460, 5000, 'bank=5000,collector-cash=-4460,cash-shortfall=-540'",
      "0, 1000, 'bank=1000,cash-shortfall=-1000'"})
  void aRemittanceMovesThePositionToTheBank_andHoldsTheDifference(long position, long deposited, String postings) {
    assertThat(JournalEntries.remittance(position, deposited).stream().map(p -> p.account() + "=" + p.amount()).toList())
        .isEqualTo(List.of(postings.split(",")));
  }

  @Property
  void aRemittanceAlwaysBalances(@ForAll @LongRange(min = 0, max = 10_000_000) long position, @ForAll @LongRange(min = 1, max = 10_000_000) long deposited) {
    List<Posting> postings = JournalEntries.remittance(position, deposited);
    assertThat(postings.stream().mapToLong(Posting::amount).sum()).isZero();
    assertThat(postings).noneMatch(p -> p.amount() == 0);
  }

  @ParameterizedTest
  @CsvSource({"-1, 5", "100, -1"})
  void noCommissionOnNegatives(long collected, int percent) {
    assertThatThrownBy(() -> Commissions.of(collected, percent)).isInstanceOf(IllegalArgumentException.class);
  }
}
