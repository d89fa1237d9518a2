package org.keneya.gateway.contracts;

import java.time.Duration;
import java.time.Instant;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.session.InMemorySessionStore;
import org.keneya.flows.ports.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));

  @Override
  protected SessionStore store() {
    return new InMemorySessionStore(clock);
  }

  @Override
  protected void elapse(Duration time) {
    clock.advance(time);
  }
}
