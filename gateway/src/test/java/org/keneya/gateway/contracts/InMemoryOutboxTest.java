package org.keneya.gateway.contracts;

import java.time.Duration;
import java.time.Instant;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.memory.InMemoryOutbox;
import org.keneya.adapters.memory.InMemoryTables;
import org.keneya.adapters.stores.OutboxStore;

class InMemoryOutboxTest extends OutboxStoreContract {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final InMemoryOutbox outbox = new InMemoryOutbox(new InMemoryTables(TestStores.CONFIG, clock));

  @Override
  protected OutboxStore outbox() {
    return outbox;
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
