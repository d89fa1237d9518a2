package org.keneya.flows.ports;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.ussd.UssdSession;

/** Keeps USSD sessions between hops. What it holds may be lost: a lost session restarts the menu, never costs money. */
public interface SessionStore {
  CompletionStage<Optional<UssdSession>> load(String sessionId);

  CompletionStage<Void> save(UssdSession session, Duration ttl);

  CompletionStage<Void> delete(String sessionId);

  /**
   * Binds {@code key} to {@code owner} for {@code ttl} unless it is already bound, atomically (two
   * hops at once cannot both win), and completes with whoever holds it now: {@code owner} when it
   * was free or already theirs (then the binding lives {@code ttl} longer), else the first owner.
   */
  CompletionStage<String> claim(String key, String owner, Duration ttl);
}
