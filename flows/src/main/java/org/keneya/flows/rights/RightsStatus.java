package org.keneya.flows.rights;

import java.time.LocalDate;

/** Where a household stands with its health cover on a given day. */
public sealed interface RightsStatus {
  /** Nothing paid yet: no rights. */
  record NotPaid() implements RightsStatus {}

  /** Paid, but the waiting period ("période d'observation") runs until {@code opensOn}. */
  record Waiting(LocalDate opensOn, LocalDate coveredUntil) implements RightsStatus {}

  /** Rights open ("droits ouverts") through {@code coveredUntil}. */
  record Open(LocalDate coveredUntil) implements RightsStatus {}

  /** Paid period over; rights kept through {@code graceUntil} while the member pays. */
  record Grace(LocalDate graceUntil) implements RightsStatus {}

  /** Grace over: rights suspended since {@code since}. */
  record Suspended(LocalDate since) implements RightsStatus {}

  /** A stable name for APIs and the database. */
  default String code() {
    if (this instanceof Waiting) return "WAITING";
    if (this instanceof Open) return "OPEN";
    if (this instanceof Grace) return "GRACE";
    if (this instanceof Suspended) return "SUSPENDED";
    return "NOT_PAID";
  }
}
