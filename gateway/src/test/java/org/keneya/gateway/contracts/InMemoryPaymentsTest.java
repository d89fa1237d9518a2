package org.keneya.gateway.contracts;

class InMemoryPaymentsTest extends PaymentStoreContract {
  private final MemoryBench bench = new MemoryBench();

  @Override
  protected StoreBench bench() {
    return bench;
  }
}
