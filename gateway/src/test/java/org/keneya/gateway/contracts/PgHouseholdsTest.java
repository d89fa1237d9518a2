package org.keneya.gateway.contracts;

import org.junit.jupiter.api.extension.RegisterExtension;

class PgHouseholdsTest extends HouseholdStoreContract {
  @RegisterExtension
  static final PgBench BENCH = new PgBench();

  @Override
  protected StoreBench bench() {
    return BENCH;
  }
}
