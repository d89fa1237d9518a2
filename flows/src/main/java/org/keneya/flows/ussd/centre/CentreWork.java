package org.keneya.flows.ussd.centre;

/** What a health centre's rights check asks of the shell within a hop; each is answered by a {@link CentreOutcome}. */
public sealed interface CentreWork {
  /** Check the centre's PIN, counted before it is checked: answered by {@link CentreOutcome.PinChecked}. */
  record CheckPin(String pin) implements CentreWork {
    @Override
    public String toString() {
      return "CheckPin[pin=****]";
    }
  }

  /** Look up (and audit) the rights of the person or household {@code memberNumber}: answered by {@link CentreOutcome.RightsRead}. */
  record CheckRights(String memberNumber) implements CentreWork {}
}
