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
  private static final String PREFIX = "keneya:ussd:";
  private final RedisAPI redis;

  public RedisSessionStore(Redis client) {
    this.redis = RedisAPI.api(client);
  }

  @Override
  public CompletionStage<Optional<UssdSession>> load(String sessionId) {
    return redis.get(PREFIX + sessionId)
        .map(value -> value == null ? Optional.<UssdSession>empty() : Optional.of(SessionCodec.read(value.toString())))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> save(UssdSession session, Duration ttl) {
    return redis.set(List.of(PREFIX + session.sessionId(), SessionCodec.write(session), "EX", Long.toString(ttl.toSeconds())))
        .<Void>mapEmpty()
        .toCompletionStage();
  }
}
