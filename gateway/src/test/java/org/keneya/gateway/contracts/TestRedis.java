package org.keneya.gateway.contracts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.keneya.gateway.support.TestServers;

/** The tests' Redis, and time passing for the keys of one test (their TTLs shortened) instead of a sleep. */
final class TestRedis {
  private final Vertx vertx;
  private final Redis client;
  private final RedisAPI api;

  TestRedis(Vertx vertx) {
    this.vertx = vertx;
    // Pooled as the gateway pools it: the client's defaults refuse more than 30 commands at once.
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestServers.redisUrl()).setMaxPoolSize(8)
        .setMaxPoolWaiting(512));
    this.api = RedisAPI.api(client);
  }

  Redis client() {
    return client;
  }

  /**
   * What Redis would hold under {@code prefix} after {@code time}: keys whose TTL runs out within it
   * are gone, the others' TTLs are that much shorter; keys without a TTL are kept.
   */
  void elapse(String prefix, Duration time) {
    long millis = time.toMillis();
    api.keys(prefix + "*").compose(keys -> {
      List<Future<Response>> changes = new ArrayList<>();
      for (Response key : keys) {
        String name = key.toString();
        changes.add(api.pttl(name).compose(ttl -> {
          long left = ttl.toLong();
          if (left < 0) return Future.succeededFuture();
          return left <= millis ? api.del(List.of(name)) : api.pexpire(List.of(name, Long.toString(left - millis)));
        }));
      }
      return Future.all(changes);
    }).toCompletionStage().toCompletableFuture().join();
  }

  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
