package org.keneya.flows.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keneya.flows.TestConfig.CONFIG;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.config.ProductConfig;

class ContributionCalculatorTest {
  private final ProductConfig mopti = CONFIG.product("mopti-annual").orElseThrow();
  private final ProductConfig urban = CONFIG.product("urban-voluntary").orElseThrow();
  private final ProductConfig cotton = CONFIG.product("cotton-harvest").orElseThrow();

  @ParameterizedTest(name = "Mopti, {0} persons, {1} fees paid: member {2}, State {3}, AFD {4}, adhesion {5}")
  @CsvSource({
      // 8,650 per person per year = 1,730 member + 4,325 State + 2,595 AFD (003 L1336-1340)
      "1,  0, 1730,  4325,  2595, 1000",
      "6,  0, 10380, 25950, 15570, 1000",
      "6,  1, 10380, 25950, 15570, 0",
      "15, 0, 25950, 64875, 38925, 1000",
      // the 16th person pays a new adhesion fee (003 L1332)
      "16, 1, 27680, 69200, 41520, 1000",
      "16, 0, 27680, 69200, 41520, 2000",
      "30, 2, 51900, 129750, 77850, 0",
  })
  void moptiAnnualSplitsAsTheProgrammeDocumentSays(int persons, int feesPaid, long member, long state, long afd, long adhesion) {
    ContributionQuote q = ContributionCalculator.quote(mopti, "XOF", null, persons, 1, 0, feesPaid);
    assertThat(q.memberShare()).isEqualTo(member);
    assertThat(q.funderShares()).containsEntry("state", state).containsEntry("afd", afd);
    assertThat(q.adhesionFee()).isEqualTo(adhesion);
    assertThat(q.contribution()).isEqualTo(8650L * persons);
    assertThat(q.memberPays()).isEqualTo(member + adhesion);
    // State share is 2.5x and AFD share 1.5x what members paid (003 L366)
    assertThat(state * 2).isEqualTo(member * 5);
    assertThat(afd * 2).isEqualTo(member * 3);
  }

  @ParameterizedTest(name = "urban {0}, {1} persons x {2} months = {3}")
  @CsvSource({
      "combined,        1, 1, 440",
      "hospitalisation, 1, 1, 270",
      "ambulatory,      1, 1, 210",
      "combined,        5, 1, 2200",
      "ambulatory,      4, 3, 2520",
  })
  void urbanMonthlyByGuaranteeLevel(String level, int persons, int months, long member) {
    ContributionQuote q = ContributionCalculator.quote(urban, "XOF", level, persons, months, 0, 1);
    assertThat(q.memberShare()).isEqualTo(member);
    assertThat(q.funderShares()).isEmpty();
    assertThat(q.adhesionFee()).isZero();
  }

  @Test
  void cottonIsTwoFrancsPerKilogramWithNoAdhesion() {
    ContributionQuote q = ContributionCalculator.quote(cotton, "XOF", null, 7, 1, 1250, 0);
    assertThat(q.memberShare()).isEqualTo(2500);
    assertThat(q.adhesionFee()).isZero();
    assertThat(q.memberPays()).isEqualTo(2500);
    assertThatThrownBy(() -> ContributionCalculator.quote(cotton, "XOF", null, 7, 1, 0, 0))
        .hasMessageContaining("quantity");
  }

  @Test
  void unknownGuaranteeLevelIsRefused() {
    assertThatThrownBy(() -> ContributionCalculator.quote(urban, "XOF", "gold", 1, 1, 0, 0))
        .hasMessageContaining("unknown guarantee level 'gold'");
  }

  @ParameterizedTest(name = "split {0} by {1}")
  @CsvSource({
      "100, 20;50;30, 20;50;30",
      "1,   20;50;30, 0;1;0",
      "7,   20;50;30, 1;4;2",
      "8650, 20;50;30, 1730;4325;2595",
      "10,  33;33;34, 3;3;4",
      "1,   50;50,    1;0",
  })
  void splitKeepsEveryFranc(long amount, String percents, String expected) {
    long[] parts = ContributionCalculator.split(amount, parse(percents));
    assertThat(parts).containsExactly(parse(expected).stream().mapToLong(Integer::longValue).toArray());
  }

  /** Member, state and partner shares of 1 % at least that make 100 %: every case generated is one to check. */
  @Provide
  Arbitrary<List<Integer>> threeShares() {
    return Arbitraries.integers().between(1, 98).flatMap(member -> Arbitraries.integers().between(1, 99 - member)
        .map(state -> List.of(member, state, 100 - member - state)));
  }

  @Property
  void splitAlwaysSumsToTheAmountAndEachPartIsWithinOneFrancOfExact(
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long amount, @ForAll("threeShares") List<Integer> percents) {
    long[] parts = ContributionCalculator.split(amount, percents);
    assertThat(parts[0] + parts[1] + parts[2]).isEqualTo(amount);
    for (int i = 0; i < 3; i++) {
      long exactTimes100 = amount * percents.get(i);
      assertThat(Math.abs(parts[i] * 100 - exactTimes100)).isLessThan(100);
    }
  }

  @Property
  void quoteSharesAlwaysAddUpToTheContribution(
      @ForAll @IntRange(min = 1, max = 60) int persons, @ForAll @IntRange(min = 1, max = 12) int periods) {
    ContributionQuote q = ContributionCalculator.quote(mopti, "XOF", null, persons, periods, 0, 0);
    long funders = q.funderShares().values().stream().mapToLong(Long::longValue).sum();
    assertThat(q.memberShare() + funders).isEqualTo(q.contribution());
    assertThat(q.adhesionFees()).isEqualTo((persons + 14) / 15);
  }

  private static List<Integer> parse(String s) {
    return java.util.Arrays.stream(s.split(";")).map(String::trim).map(Integer::valueOf).toList();
  }

  @org.junit.jupiter.api.Test
  void moneyFormatsWithSpacesAndFcfa() {
    assertThat(Money.of(10380, "XOF").format()).isEqualTo("10 380 FCFA");
    assertThat(Money.of(1_015_366_442L, "XOF").format()).isEqualTo("1 015 366 442 FCFA");
    assertThat(Money.of(440, "XOF").format()).isEqualTo("440 FCFA");
    assertThat(Money.of(-2595, "XOF").format()).isEqualTo("-2 595 FCFA");
    assertThatThrownBy(() -> Money.of(1, "XOF").plus(Money.of(1, "GNF"))).isInstanceOf(IllegalArgumentException.class);
  }
}
