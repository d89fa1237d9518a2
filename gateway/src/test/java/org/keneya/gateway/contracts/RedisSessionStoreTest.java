package org.keneya.gateway.contracts;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.keneya.adapters.session.RedisSessionStore;
import org.keneya.flows.ports.SessionStore;

class RedisSessionStoreTest extends SessionStoreContract {
  private static TestRedis redis;
  private final String prefix = "keneya-test:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void connect() {
    redis = new TestRedis(Vertx.vertx());
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Override
  protected SessionStore store() {
    return new RedisSessionStore(redis.client(), prefix);
  }

  @Override
  protected void elapse(Duration time) {
    redis.elapse(prefix, time);
  }
}
