package org.keneya.flows.ledger;

import java.util.List;

/** One leg of a journal entry: a positive amount debits the account, a negative one credits it. */
public record Posting(String account, long amount) {

  /** What {@code postings} add up to: zero when they balance. */
  public static long sum(List<Posting> postings) {
    long sum = 0;
    for (Posting p : postings) sum = Math.addExact(sum, p.amount());
    return sum;
  }
}
