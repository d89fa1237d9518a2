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
import org.keneya.gateway.support.MemoryStores;

/** The in-memory stores, fresh for each test, on a clock the test moves. */
final class MemoryBench implements StoreBench {
  private final MemoryStores stores = new MemoryStores();

  @Override
  public HouseholdStore households() {
    return stores.households;
  }

  @Override
  public PaymentStore payments() {
    return stores.payments;
  }

  @Override
  public OutboxStore outbox() {
    return stores.outbox;
  }

  @Override
  public HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return stores.households.enrol(command, head, today);
  }

  @Override
  public void elapse(Duration time) {
    stores.clock.advance(time);
  }

  @Override
  public Instant now() {
    return stores.clock.instant();
  }
}
