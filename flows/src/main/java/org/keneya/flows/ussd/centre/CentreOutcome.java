package org.keneya.flows.ussd.centre;

import java.util.List;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.ussd.PinCheck;

/** What became of a {@link CentreWork}: the rights check goes on from it. */
public sealed interface CentreOutcome {
  record PinChecked(PinCheck check) implements CentreOutcome {}

  /**
   * @param persons the person named, or each person of the household named; empty when the number is
   *     no member of the mutuals the centre serves
   */
  record RightsRead(String memberNumber, List<PersonRights> persons) implements CentreOutcome {}

  /** One person's rights today. */
  record PersonRights(String memberNumber, String name, RightsStatus status) {}
}
