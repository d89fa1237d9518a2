package org.keneya.gateway.contracts;

class InMemoryHouseholdsTest extends HouseholdStoreContract {
  private final MemoryBench bench = new MemoryBench();

  @Override
  protected StoreBench bench() {
    return bench;
  }
}
