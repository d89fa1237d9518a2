package org.keneya.gateway.contracts;

import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.stores.OutboxStore;

class PgOutboxTest extends OutboxStoreContract {
  private static TestDatabase database;
  private static PgOutbox outbox;

  @BeforeAll
  static void connect() {
    database = new TestDatabase();
    outbox = new PgOutbox(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void empty() {
    database.execute("TRUNCATE outbox", Tuple.tuple());
  }

  @Override
  protected OutboxStore outbox() {
    return outbox;
  }

  /** The database's clock cannot be moved: what it holds is moved back instead, as if that long had passed. */
  @Override
  protected void elapse(Duration time) {
    database.execute("UPDATE outbox SET next_attempt_at = next_attempt_at - make_interval(secs => $1), created_at = created_at - make_interval(secs => $1)",
        Tuple.of((double) time.toSeconds()));
  }

  @Override
  protected Instant now() {
    return Instant.now();
  }
}
