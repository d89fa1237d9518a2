package org.keneya.flows.rights;

import java.util.Optional;

/** A change of a person's rights the household is told about by SMS. */
public enum RightsTransition {
  /** The waiting period is over: rights are open. */
  OPENED,
  /** The paid period is over: rights are kept while the member pays, until the grace period ends. */
  GRACE_STARTED,
  /** Grace is over without payment. */
  SUSPENDED,
  /** A payment after suspension: rights are back at once (no new waiting period, or the first one already served). */
  REOPENED;

  /**
   * What to tell when a person's status goes from {@code previousCode} (as last recorded; null
   * when never recorded) to {@code current}. Nothing on the first recording (a new deployment must
   * not message every member at once), nor for changes the receipt SMS already told (a payment that
   * starts or extends cover). A payment after suspension that leads to a waiting period tells
   * nothing either: "rights are back" would be untrue until it ends, the receipt SMS gives the day
   * they open, and {@link #OPENED} follows on that day.
   */
  public static Optional<RightsTransition> between(String previousCode, RightsStatus current) {
    if (previousCode == null || previousCode.equals(current.code())) return Optional.empty();
    boolean wasSuspended = previousCode.equals("SUSPENDED");
    if (current instanceof RightsStatus.Open) {
      if (wasSuspended) return Optional.of(REOPENED);
      return previousCode.equals("WAITING") || previousCode.equals("NOT_PAID") ? Optional.of(OPENED) : Optional.empty();
    }
    if (current instanceof RightsStatus.Grace) {
      return previousCode.equals("OPEN") || previousCode.equals("WAITING") ? Optional.of(GRACE_STARTED) : Optional.empty();
    }
    if (current instanceof RightsStatus.Suspended) return previousCode.equals("NOT_PAID") ? Optional.empty() : Optional.of(SUSPENDED);
    return Optional.empty();
  }
}
