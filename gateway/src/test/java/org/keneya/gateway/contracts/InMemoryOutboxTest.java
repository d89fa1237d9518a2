package org.keneya.gateway.contracts;

import java.time.Duration;
import java.time.Instant;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.gateway.support.MemoryStores;

class InMemoryOutboxTest extends OutboxStoreContract {
  private final MemoryStores stores = new MemoryStores();

  @Override
  protected OutboxStore outbox() {
    return stores.outbox;
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
