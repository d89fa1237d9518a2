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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keneya.gateway.support.TestServers;

/**
 * The tests' Redis for one test class, and time passing for the keys of one test (their TTLs shortened)
 * instead of a sleep.
 */
final class TestRedis implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;
  private Redis client;
  private RedisAPI api;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    // Pooled as the gateway pools it: the client's defaults refuse more than 30 commands at once.
    client = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestServers.redisUrl()).setMaxPoolSize(8)
        .setMaxPoolWaiting(512));
    api = RedisAPI.api(client);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    vertx.close().toCompletionStage().toCompletableFuture().join();
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
}
