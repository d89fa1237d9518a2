package org.keneya.flows.ussd.collector;

import java.util.UUID;
import org.keneya.flows.ussd.HouseholdView;
import org.keneya.flows.ussd.PinCheck;

/** What became of a {@link CollectorWork}: the collector's menu goes on from it. */
public sealed interface CollectorOutcome {
  record PinChecked(PinCheck check) implements CollectorOutcome {}

  /** @param household the household found (enrolled), null when none answers to the lookup */
  record HouseholdRead(CollectorWork.FindHousehold lookup, Household household) implements CollectorOutcome {}

  /** The deposit is recorded under {@code code}, which its member confirms by. */
  record DepositRecorded(String code) implements CollectorOutcome {}

  /**
   * @param confirmed confirmed cash not yet remitted, in {@code confirmedDeposits} deposits
   * @param pending cash awaiting its members' answers, in {@code pendingDeposits} deposits
   * @param collectedThisMonth confirmed cash collected in the month asked: the commission's base
   */
  record PositionRead(long confirmed, int confirmedDeposits, long pending, int pendingDeposits, long collectedThisMonth)
      implements CollectorOutcome {}

  record PinChanged() implements CollectorOutcome {}

  /** A household a deposit can be taken for: its view and what its deposit is recorded with. */
  record Household(HouseholdView view, String headMsisdn, String language, UUID enrolmentId) {}
}
