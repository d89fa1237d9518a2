package org.keneya.flows.collectors;

/**
 * Where a cash deposit stands: it waits for its member, who answers it once. Stored by its name
 * (the {@code cash_deposit.status} column, whose CHECK constraint lists the same names).
 */
public enum DepositStatus {
  /** Entered by the collector, waiting for the member's answer; nothing is booked yet. */
  PENDING,
  /** Confirmed by the member, or by nobody's answer in time: booked as the household's payment. */
  CONFIRMED,
  /** The member says the collector did not receive it: nothing is booked. */
  DISPUTED
}
