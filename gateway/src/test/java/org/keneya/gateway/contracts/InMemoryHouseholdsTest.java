package org.keneya.gateway.contracts;

import java.time.Instant;
import java.time.LocalDate;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.memory.InMemoryHouseholds;
import org.keneya.adapters.memory.InMemoryTables;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

class InMemoryHouseholdsTest extends HouseholdStoreContract {
  private final InMemoryHouseholds households =
      new InMemoryHouseholds(new InMemoryTables(TestStores.CONFIG, new MovableClock(Instant.parse("2026-11-23T10:00:00Z"))));

  @Override
  protected HouseholdStore households() {
    return households;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return households.enrol(command, head, today);
  }
}
