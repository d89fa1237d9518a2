package org.keneya.adapters.http;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An API's access token: fetched when first needed, kept until shortly before it expires, fetched
 * once however many calls wait for it at the same moment, and forgotten when the API refuses it.
 */
public final class AccessToken {
  /** What the token endpoint granted. */
  public record Grant(String token, long expiresInSeconds) {}

  /** Tokens are renewed this long before they expire (at most half their life), so none expires in flight. */
  private static final long MARGIN_SECONDS = 300;

  private final Clock clock;
  private final Supplier<Future<Grant>> fetch;
  private String token;
  private Instant expiresAt = Instant.MIN;
  private Future<String> inFlight;

  public AccessToken(Clock clock, Supplier<Future<Grant>> fetch) {
    this.clock = clock;
    this.fetch = fetch;
  }

  public synchronized Future<String> get() {
    if (token != null && clock.instant().isBefore(expiresAt)) return Future.succeededFuture(token);
    if (inFlight != null) return inFlight;
    Future<String> request = fetch.get().map(grant -> {
      long life = Math.max(0, grant.expiresInSeconds());
      synchronized (this) {
        token = grant.token();
        expiresAt = clock.instant().plusSeconds(life - Math.min(MARGIN_SECONDS, life / 2));
      }
      return grant.token();
    });
    inFlight = request;
    request.onComplete(x -> {
      synchronized (this) {
        inFlight = null;
      }
    });
    return request;
  }

  /** The API said the token is no good (401): the next call fetches a new one. */
  public synchronized void forget() {
    token = null;
    expiresAt = Instant.MIN;
  }
}
