package org.keneya.gateway.contracts;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

class PgHouseholdsTest extends HouseholdStoreContract {
  private static TestDatabase database;
  private static PgHouseholds households;

  @BeforeAll
  static void connect() {
    database = new TestDatabase();
    households = new PgHouseholds(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected HouseholdStore households() {
    return households;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return join(households.create(command, head, today, Actor.system("contract test")));
  }
}
