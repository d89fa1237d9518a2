package org.keneya.flows.ussd.collector;

import java.time.LocalDate;
import org.keneya.flows.people.Msisdn;

/** What the collector's menu asks of the shell within a hop; each is answered by a {@link CollectorOutcome}. */
public sealed interface CollectorWork {
  /** Check the collector's PIN, counted before it is checked: answered by {@link CollectorOutcome.PinChecked}. */
  record CheckPin(String pin) implements CollectorWork {
    @Override
    public String toString() {
      return "CheckPin[pin=****]";
    }
  }

  /**
   * Find the household named by its head's {@code phone}, or else by its {@code memberNumber}, with
   * its deposit awaiting its member if any: answered by {@link CollectorOutcome.HouseholdRead}.
   *
   * @param typed what the collector typed, to be shown back if no household answers to it
   */
  record FindHousehold(String typed, Msisdn phone, String memberNumber) implements CollectorWork {}

  /**
   * Record the deposit, waiting for its member (the SMS asking the member to confirm it is planned by
   * {@code flows/collectors/DepositRecording}): answered by {@link CollectorOutcome.DepositRecorded}.
   */
  record RecordDeposit(CollectorState.Deposit deposit) implements CollectorWork {}

  /** Read the collector's cash position and the month's collection from {@code monthStart}: answered by {@link CollectorOutcome.PositionRead}. */
  record ReadPosition(LocalDate monthStart) implements CollectorWork {}

  /** Make {@code pin} the collector's PIN: answered by {@link CollectorOutcome.PinChanged}. */
  record ChangePin(String pin) implements CollectorWork {
    @Override
    public String toString() {
      return "ChangePin[pin=****]";
    }
  }
}
