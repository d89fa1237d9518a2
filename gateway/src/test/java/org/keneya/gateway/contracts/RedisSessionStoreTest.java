package org.keneya.gateway.contracts;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keneya.adapters.session.RedisSessionStore;
import org.keneya.flows.ports.SessionStore;

class RedisSessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  static final TestRedis REDIS = new TestRedis();
  private final String prefix = "keneya-test:" + UUID.randomUUID() + ":";

  @Override
  protected SessionStore store() {
    return new RedisSessionStore(REDIS.client(), prefix);
  }

  @Override
  protected void elapse(Duration time) {
    REDIS.elapse(prefix, time);
  }
}
