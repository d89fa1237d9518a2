package org.keneya.gateway.contracts;

class InMemoryOutboxTest extends OutboxStoreContract {
  private final MemoryBench bench = new MemoryBench();

  @Override
  protected StoreBench bench() {
    return bench;
  }
}
