package org.keneya.flows.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keneya.flows.money.ContributionQuote;

class JournalEntriesTest {

  @ParameterizedTest(name = "{1} % of {0} = {2}")
  @CsvSource({
      "51900, 3, 1557",  // Mopti household of six, one year (002 L890: 3 %)
      "8650,  3, 259",   // 259.5 rounded down: the fund never takes more than its share
      "440,   3, 13",
      "2,     3, 0",     // one kg of cotton: nothing to set aside, and no empty posting
      "51900, 0, 0",
      "51900, 100, 51900"})
  void theGuaranteeFundTakesItsShareRoundedDown(long contribution, int percent, long share) {
    assertThat(JournalEntries.guaranteeFundShare(contribution, percent)).isEqualTo(share);
  }

  @Property
  void everyWalletReceiptBalances_andTheFundNeverExceedsItsShare(@ForAll @LongRange(min = 1, max = 10_000_000_000L) long contribution,
      @ForAll @IntRange(min = 0, max = 100) int memberPercent, @ForAll @IntRange(min = 0, max = 100) int fundPercent,
      @ForAll @LongRange(min = 0, max = 5000) long adhesion) {
    long memberShare = contribution * memberPercent / 100;
    ContributionQuote quote = new ContributionQuote("p", "XOF", 1, 1, 0, 1, contribution, memberShare, contribution, memberShare,
        Map.of("state", contribution - memberShare), adhesion, adhesion > 0 ? 1 : 0);
    List<Posting> postings = JournalEntries.walletReceipt("orange", quote, fundPercent);
    assertThat(postings.stream().mapToLong(Posting::amount).sum()).isZero();
    assertThat(postings).allSatisfy(p -> assertThat(p.amount()).isNotZero());
    long fund = postings.stream().filter(p -> p.account().equals(JournalEntries.GUARANTEE_FUND)).mapToLong(p -> -p.amount()).sum();
    assertThat(fund * 100).isLessThanOrEqualTo(contribution * fundPercent);
    assertThat((fund + 1) * 100).isGreaterThan(contribution * fundPercent);
  }
}
