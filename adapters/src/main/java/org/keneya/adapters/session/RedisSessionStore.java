package org.keneya.adapters.session;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.UssdSession;

/** USSD sessions in Redis, each expiring with its TTL, shared by every gateway instance. */
public final class RedisSessionStore implements SessionStore {
  /**
   * GET, then SET EX when free: a script runs atomically, so two hops at once cannot both win; one
   * round trip, and the owner's own hops keep the binding alive as long as the session.
   */
  private static final String CLAIM = """
      local owner = redis.call('GET', KEYS[1])
      if not owner then
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        return ARGV[1]
      end
      if owner == ARGV[1] then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
      return owner
      """;

  private final RedisAPI redis;
  private final String prefix;

  /** @param keyPrefix what every key of this deployment starts with */
  public RedisSessionStore(Redis client, String keyPrefix) {
    this.redis = RedisAPI.api(client);
    this.prefix = keyPrefix + "ussd:";
  }

  @Override
  public CompletionStage<Optional<UssdSession>> load(String sessionId) {
    return redis.get(prefix + sessionId)
        .map(value -> value == null ? Optional.<UssdSession>empty() : Optional.of(SessionCodec.read(value.toString())))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> save(UssdSession session, Duration ttl) {
    return redis.set(List.of(prefix + session.sessionId(), SessionCodec.write(session), "EX", Long.toString(ttl.toSeconds())))
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  @Override
  public CompletionStage<String> claim(String key, String owner, Duration ttl) {
    return redis.eval(List.of(CLAIM, "1", prefix + "owner:" + key, owner, Long.toString(Math.max(1, ttl.toSeconds()))))
        .map(held -> held.toString())
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> delete(String sessionId) {
    return redis.del(List.of(prefix + sessionId)).<Void>mapEmpty().toCompletionStage();
  }
}
