package org.keneya.gateway.contracts;

import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.keneya.adapters.pg.Actor;
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

class PgPaymentsTest extends PaymentStoreContract {
  private static TestDatabase database;
  private static PgHouseholds households;
  private static PgPayments payments;
  private static PgOutbox outbox;

  @BeforeAll
  static void connect() {
    database = new TestDatabase();
    households = new PgHouseholds(database.pool());
    payments = new PgPayments(database.pool(), MemoryStores.CONFIG, MemoryStores.MESSAGES);
    outbox = new PgOutbox(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  /** The earlier tests' payments are set out of the way: each test starts with an empty outbox and no check due. */
  @BeforeEach
  void clear() {
    database.execute("TRUNCATE outbox", Tuple.tuple());
    database.execute("UPDATE payment_intent SET next_check_at = now() + interval '10 years'", Tuple.tuple());
  }

  @Override
  protected PaymentStore payments() {
    return payments;
  }

  @Override
  protected HouseholdStore households() {
    return households;
  }

  @Override
  protected OutboxStore outbox() {
    return outbox;
  }

  @Override
  protected HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    return HouseholdStoreContract.join(households.create(command, head, today, Actor.system("contract test")));
  }

  /** The database's clock cannot be moved: what it holds is moved back instead, as if that long had passed. */
  @Override
  protected void elapse(Duration time) {
    Tuple seconds = Tuple.of((double) time.toSeconds());
    database.execute("UPDATE payment_intent SET next_check_at = next_check_at - make_interval(secs => $1), "
        + "created_at = created_at - make_interval(secs => $1)", seconds);
    database.execute("UPDATE receipt SET created_at = created_at - make_interval(secs => $1)", seconds);
    database.execute("UPDATE outbox SET next_attempt_at = next_attempt_at - make_interval(secs => $1), "
        + "created_at = created_at - make_interval(secs => $1)", seconds);
  }

  @Override
  protected Instant now() {
    return Instant.now();
  }
}
