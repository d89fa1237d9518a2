package org.keneya.flows.reconciliation;

/** What a statement line, or one of our payments, turned out to be. */
public enum Outcome {
  /** On both sides, booked, same amount. */
  MATCHED,
  /** The provider collected it; we have not booked it (or do not know it). */
  MISSING_OURS,
  /** We booked it; the statement does not list it as collected. */
  MISSING_THEIRS,
  /** On both sides, amounts or currencies differ. */
  AMOUNT_MISMATCH,
  /** A line the provider does not count as collected (failed, cancelled...), nothing booked on our side either. */
  NOT_PAID,
  /** The statement lists the same payment more than once. */
  DUPLICATE,
  UNREADABLE
}
