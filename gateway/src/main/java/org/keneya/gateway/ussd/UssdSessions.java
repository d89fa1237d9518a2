package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.UssdSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sessions of every menu in the {@link SessionStore}, each kept as long as the aggregator keeps a USSD session. */
public final class UssdSessions {
  private static final Logger LOG = LoggerFactory.getLogger(UssdSessions.class);

  private final SessionStore store;
  private final Duration ttl;

  public UssdSessions(SessionStore store, KeneyaConfig.UssdConfig ussd) {
    this.store = store;
    this.ttl = Duration.ofSeconds(ussd.sessionTtlSeconds());
  }

  Future<Optional<UssdSession>> load(String key) {
    return Future.fromCompletionStage(store.load(key));
  }

  /** Binds {@code key} to {@code owner} unless another number holds it; completes with the holder (see {@link SessionStore#claim}). */
  Future<String> claim(String key, String owner) {
    return Future.fromCompletionStage(store.claim(key, owner, ttl));
  }

  /**
   * Keeps {@code session} for its next hop. Fails with {@link UssdService.SessionStoreDown} when the
   * store does, unless the session has ended: a lost record then only means that a resent last hop
   * starts afresh.
   */
  Future<Void> save(UssdSession session) {
    return Future.fromCompletionStage(store.save(session, ttl)).recover(e -> {
      if (session.ended()) {
        LOG.warn("could not save ended session {}: {}", session.sessionId(), e.toString());
        return Future.succeededFuture();
      }
      return Future.failedFuture(new UssdService.SessionStoreDown(e));
    });
  }

  Future<Void> delete(String key) {
    return Future.fromCompletionStage(store.delete(key));
  }
}
