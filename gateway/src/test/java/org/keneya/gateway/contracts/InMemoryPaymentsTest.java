package org.keneya.gateway.contracts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.memory.InMemoryHouseholds;
import org.keneya.adapters.memory.InMemoryOutbox;
import org.keneya.adapters.memory.InMemoryPayments;
import org.keneya.adapters.memory.InMemoryTables;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

class InMemoryPaymentsTest extends PaymentStoreContract {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final InMemoryTables tables = new InMemoryTables(TestStores.CONFIG, clock);
  private final InMemoryHouseholds households = new InMemoryHouseholds(tables);
  private final InMemoryPayments payments = new InMemoryPayments(tables, TestStores.MESSAGES);
  private final InMemoryOutbox outbox = new InMemoryOutbox(tables);

  @Override
  protected PaymentStore payments() {
    return payments;
  }

  @Override
  protected HouseholdStore households() {
    return households;
  }

  @Override
  protected OutboxStore outbox() {
    return outbox;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return households.enrol(command, head, today);
  }

  @Override
  protected void elapse(Duration time) {
    clock.advance(time);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }
}
