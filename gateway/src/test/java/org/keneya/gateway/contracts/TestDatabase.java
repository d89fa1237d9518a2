package org.keneya.gateway.contracts;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.gateway.support.MemoryStores;
import org.keneya.gateway.support.TestServers;

/** A fresh migrated database of the tests' PostgreSQL for one contract class, its mutuals synced from the configuration. */
final class TestDatabase implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;

  TestDatabase() {
    pool = new PgDatabase(TestServers.freshDatabase()).pool(vertx, 4);
    new PgHouseholds(pool).syncMutuals(MemoryStores.CONFIG).toCompletionStage().toCompletableFuture().join();
  }

  Pool pool() {
    return pool;
  }

  void execute(String sql, Tuple arguments) {
    pool.preparedQuery(sql).execute(arguments).toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
