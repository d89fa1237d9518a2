package org.keneya.gateway.contracts;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.gateway.support.MemoryStores;
import org.keneya.gateway.support.TestServers;

/**
 * The PostgreSQL stores on a fresh migrated database of the tests' server, one per test class (its
 * mutuals synced from the configuration). Each test starts with an empty outbox and no payment's check
 * due, as a fresh in-memory store does; households and payments of earlier tests stay, under numbers
 * of their own.
 */
final class PgBench implements StoreBench, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private Vertx vertx;
  private Pool pool;
  private PgHouseholds households;
  private PgPayments payments;
  private PgOutbox outbox;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    pool = new PgDatabase(TestServers.freshDatabase()).pool(vertx, 4);
    households = new PgHouseholds(pool);
    payments = new PgPayments(pool, MemoryStores.CONFIG, MemoryStores.MESSAGES);
    outbox = new PgOutbox(pool);
    join(households.syncMutuals(MemoryStores.CONFIG));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    join(vertx.close());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    execute("TRUNCATE outbox", Tuple.tuple());
    execute("UPDATE payment_intent SET next_check_at = now() + interval '10 years'", Tuple.tuple());
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private void execute(String sql, Tuple arguments) {
    join(pool.preparedQuery(sql).execute(arguments));
  }

  @Override
  public HouseholdStore households() {
    return households;
  }

  @Override
  public PaymentStore payments() {
    return payments;
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return join(households.create(command, head, today, Actor.system("contract test")));
  }

  /** The database's clock cannot be moved: what it holds is moved back instead, as if that long had passed. */
  @Override
  public void elapse(Duration time) {
    Tuple seconds = Tuple.of((double) time.toSeconds());
    execute("UPDATE payment_intent SET next_check_at = next_check_at - make_interval(secs => $1), "
        + "created_at = created_at - make_interval(secs => $1)", seconds);
    execute("UPDATE receipt SET created_at = created_at - make_interval(secs => $1)", seconds);
    execute("UPDATE outbox SET next_attempt_at = next_attempt_at - make_interval(secs => $1), "
        + "created_at = created_at - make_interval(secs => $1)", seconds);
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
