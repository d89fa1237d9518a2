package org.keneya.gateway.contracts;

import java.time.LocalDate;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.gateway.support.MemoryStores;

class InMemoryHouseholdsTest extends HouseholdStoreContract {
  private final MemoryStores stores = new MemoryStores();

  @Override
  protected HouseholdStore households() {
    return stores.households;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return stores.households.enrol(command, head, today);
  }
}
