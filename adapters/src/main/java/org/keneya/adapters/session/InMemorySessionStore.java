package org.keneya.adapters.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.UssdSession;

/** USSD sessions in this process's memory, for a single gateway instance with no Redis configured. */
public final class InMemorySessionStore implements SessionStore {
  private record Entry(UssdSession session, Instant expiresAt) {}

  private record Claim(String owner, Instant expiresAt) {}

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile Instant nextSweep = Instant.MIN;

  public InMemorySessionStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Optional<UssdSession>> load(String sessionId) {
    Entry entry = sessions.get(sessionId);
    if (entry == null || entry.expiresAt().isBefore(clock.instant())) {
      if (entry != null) sessions.remove(sessionId, entry);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.completedFuture(Optional.of(entry.session()));
  }

  @Override
  public CompletionStage<Void> save(UssdSession session, Duration ttl) {
    Instant now = clock.instant();
    sessions.put(session.sessionId(), new Entry(session, now.plus(ttl)));
    // Expired sessions are swept once per TTL, so memory stays bounded by the sessions of one TTL.
    if (now.isAfter(nextSweep)) {
      nextSweep = now.plus(ttl);
      sessions.values().removeIf(e -> e.expiresAt().isBefore(now));
      claims.values().removeIf(c -> c.expiresAt().isBefore(now));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<String> claim(String key, String owner, Duration ttl) {
    Instant now = clock.instant();
    Claim held = claims.compute(key, (k, claim) -> claim == null || claim.expiresAt().isBefore(now) || claim.owner().equals(owner)
        ? new Claim(owner, now.plus(ttl)) : claim);
    return CompletableFuture.completedFuture(held.owner());
  }

  @Override
  public CompletionStage<Void> delete(String sessionId) {
    sessions.remove(sessionId);
    return CompletableFuture.completedFuture(null);
  }
}
