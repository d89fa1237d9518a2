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

class InMemoryPaymentsTest extends PaymentStoreContract {
  private final MemoryStores stores = new MemoryStores();

  @Override
  protected PaymentStore payments() {
    return stores.payments;
  }

  @Override
  protected HouseholdStore households() {
    return stores.households;
  }

  @Override
  protected OutboxStore outbox() {
    return stores.outbox;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return stores.households.enrol(command, head, today);
  }

  @Override
  protected void elapse(Duration time) {
    stores.clock.advance(time);
  }

  @Override
  protected Instant now() {
    return stores.clock.instant();
  }
}
