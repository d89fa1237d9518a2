package org.keneya.gateway.contracts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

/** One implementation of every store, the stores sharing their tables, and the clock they read: what a contract suite runs against. */
interface StoreBench {
  HouseholdStore households();

  PaymentStore payments();

  OutboxStore outbox();

  /** Enrols a validated household, as an administrator's import does. */
  HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today);

  /** Lets {@code time} pass for what the stores keep, as their own clock counts it. */
  void elapse(Duration time);

  /** The stores' own time. */
  Instant now();
}
