package org.keneya.loadtest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enrols the register through the admin API's CSV import, as a mutual's administrator would: in
 * chunks, a few at a time (the gateway numbers households one after the other in each mutual, so
 * more parallel imports would only queue on that counter).
 */
final class Enrolment {
  private static final int HOUSEHOLDS_PER_IMPORT = 1000;
  private static final int IMPORTS_AT_ONCE = 3;

  private Enrolment() {}

  /** Completes with the number of households created; fails when any row was refused. */
  static Future<Integer> enrol(HttpClient client, int port, String adminToken, HouseholdRegister households) {
    List<int[]> chunks = new ArrayList<>();
    for (int from = 0; from < households.size(); from += HOUSEHOLDS_PER_IMPORT) {
      chunks.add(new int[] {from, Math.min(households.size(), from + HOUSEHOLDS_PER_IMPORT)});
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < IMPORTS_AT_ONCE; lane++) lanes.add(importNext(client, port, adminToken, households, chunks, next, created));
    return Future.all(lanes).map(x -> created.get());
  }

  private static Future<Void> importNext(HttpClient client, int port, String adminToken, HouseholdRegister households,
      List<int[]> chunks, AtomicInteger next, AtomicInteger created) {
    int index = next.getAndIncrement();
    if (index >= chunks.size()) return Future.succeededFuture();
    int[] chunk = chunks.get(index);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/households/import").setIdleTimeout(120_000)
        .putHeader("Authorization", "Bearer " + adminToken).putHeader("Content-Type", "text/csv; charset=utf-8");
    Buffer body = Buffer.buffer(households.csv(chunk[0], chunk[1]), StandardCharsets.UTF_8.name());
    return client.request(request)
        .compose(r -> r.send(body))
        .compose(response -> response.body().map(answer -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("CSV import answered " + response.statusCode() + ": " + answer);
          }
          JsonObject report = answer.toJsonObject();
          long rejected = report.getLong("rejected", 0L);
          if (rejected > 0) throw new IllegalStateException("CSV import refused " + rejected + " rows, e.g. " + firstRejected(report));
          created.addAndGet(chunk[1] - chunk[0]);
          return (Void) null;
        }))
        .compose(x -> importNext(client, port, adminToken, households, chunks, next, created));
  }

  private static String firstRejected(JsonObject report) {
    JsonArray rows = report.getJsonArray("rows", new JsonArray());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      if ("rejected".equals(row.getString("status"))) return row.encode();
    }
    return "(no row named)";
  }
}
