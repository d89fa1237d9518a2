package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.keneya.flows.people.HouseholdRecord;

/**
 * The caller's household as read at the start of a session, kept for its next hops in this
 * process: a session of five hops then costs one database read, not five. What the menus show is
 * at most {@code maxAgeMillis} old. A payment is never decided on these facts alone: the database
 * refuses a second open payment per household. A session that moves to another gateway instance
 * simply reads again there.
 */
final class SessionHouseholds {
  private record Entry(Optional<HouseholdRecord> household, long loadedAt) {}

  /** Beyond this many sessions at once, households are not kept (read each hop) rather than grow memory. */
  private static final int MAX_SESSIONS = 200_000;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final long maxAgeMillis;
  private final Clock clock;
  private volatile long nextSweep;

  SessionHouseholds(long maxAgeMillis, Clock clock) {
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
  }

  Future<Optional<HouseholdRecord>> get(String sessionKey, boolean fresh, Supplier<Future<Optional<HouseholdRecord>>> load) {
    long now = clock.millis();
    Entry kept = fresh ? null : entries.get(sessionKey);
    if (kept != null && now - kept.loadedAt() <= maxAgeMillis) return Future.succeededFuture(kept.household());
    return load.get().onSuccess(household -> {
      if (entries.size() < MAX_SESSIONS) entries.put(sessionKey, new Entry(household, now));
      sweep(now);
    });
  }

  void forget(String sessionKey) {
    entries.remove(sessionKey);
  }

  /** Drops what has aged out, once per {@code maxAgeMillis}: sessions that dropped never say goodbye. */
  private void sweep(long now) {
    if (now < nextSweep) return;
    nextSweep = now + maxAgeMillis;
    entries.values().removeIf(e -> now - e.loadedAt() > maxAgeMillis);
  }
}
