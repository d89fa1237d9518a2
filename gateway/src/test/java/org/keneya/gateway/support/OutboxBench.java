package org.keneya.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.keneya.adapters.Recorded;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgOutbox;

/**
 * The SMS outbox on its own fresh database, with a WireMock SMS API that takes every message: for
 * tests of the outbox worker that need no running gateway.
 */
public final class OutboxBench implements AutoCloseable {
  public final WireMockServer sms = new WireMockServer(options().dynamicPort());
  public final Vertx vertx;
  public final PgDatabase database;
  public final Pool pool;
  public final PgOutbox outbox;

  public OutboxBench() {
    sms.start();
    sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("africastalking/sent.json"))));
    vertx = Vertx.vertx();
    database = new PgDatabase(TestServers.freshDatabase());
    pool = database.pool(vertx, 4);
    outbox = new PgOutbox(pool);
  }

  public static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public void close() {
    join(pool.close());
    join(vertx.close());
    sms.stop();
  }
}
