package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Wrong PIN entries of every PIN checked by USSD (collectors' and health centres'), in one table
 * ({@code pin_guard}), and the health centres' PIN hashes. An entry reserves its attempt before
 * the PIN is checked, in one statement that is refused while a delay runs, so that entries sent at
 * once each consume one and no race gives an extra guess. From the {@link #FREE_ATTEMPTS}th wrong
 * entry in a row, each reservation starts a delay (1, 5, 15, then 60 minutes) that a correct PIN
 * lifts; times are the database's, so every instance agrees on them.
 */
public final class PgPins {
  /** Wrong PINs in a row before entries are delayed. */
  public static final int FREE_ATTEMPTS = 3;

  private final Pool pool;

  public PgPins(Pool pool) {
    this.pool = pool;
  }

  /** What a PIN entry may do. */
  public sealed interface Reservation {
    /** The entry may be checked; it already counts as wrong entry {@code failures} until it passes, with the delay it then starts. */
    record Granted(int failures, OffsetDateTime delayedUntil) implements Reservation {}

    /** Entries are delayed until {@code until}: the PIN must not be checked. */
    record Refused(OffsetDateTime until) implements Reservation {}
  }

  public static String collector(java.util.UUID id) {
    return "collector:" + id;
  }

  public static String centre(String centreId) {
    return "centre:" + centreId;
  }

  public Future<Reservation> reserve(String subject) {
    return pool.preparedQuery("""
        INSERT INTO pin_guard AS g (subject, failures) VALUES ($1, 1)
        ON CONFLICT (subject) DO UPDATE
           SET failures = g.failures + 1,
               delayed_until = CASE WHEN g.failures + 1 < $2 THEN NULL
                                    ELSE now() + make_interval(mins => CASE g.failures + 1 - $2 WHEN 0 THEN 1 WHEN 1 THEN 5 WHEN 2 THEN 15
                                                                                               ELSE 60 END) END,
               updated_at = now()
         WHERE g.delayed_until IS NULL OR g.delayed_until <= now()
        RETURNING failures, delayed_until""")
        .execute(Tuple.of(subject, FREE_ATTEMPTS))
        .compose(rows -> {
          if (rows.size() > 0) {
            Row r = rows.iterator().next();
            return Future.succeededFuture((Reservation) new Reservation.Granted(r.getInteger("failures"), r.getOffsetDateTime("delayed_until")));
          }
          return pool.preparedQuery("SELECT delayed_until FROM pin_guard WHERE subject = $1").execute(Tuple.of(subject))
              .compose(found -> {
                OffsetDateTime until = found.size() == 0 ? null : found.iterator().next().getOffsetDateTime(0);
                // Cleared between the two statements (a correct PIN, an administrator): this entry may go on.
                return until == null ? reserve(subject) : Future.succeededFuture(new Reservation.Refused(until));
              });
        });
  }

  /** A correct PIN: the wrong ones before it and any delay are forgotten. */
  public Future<Void> passed(String subject) {
    return pool.preparedQuery("DELETE FROM pin_guard WHERE subject = $1").execute(Tuple.of(subject)).mapEmpty();
  }

  /**
   * Records, once per run of wrong PINs, that delays started, with an audit record for the
   * administrators; true the first time (the caller logs it then).
   */
  public Future<Boolean> delaysStarted(String subject, int failures, OffsetDateTime until) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE pin_guard SET delays_started_at = now() WHERE subject = $1 AND delays_started_at IS NULL RETURNING subject""")
        .execute(Tuple.of(subject))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : AuditLog.record(conn, Actor.system("pin-guard"), "pin.delays_started", subject,
                    new JsonObject().put("failures", failures).put("delayedUntil", until == null ? null : until.toString()))
                .map(true)));
  }

  // ---- Health centres' PINs --------------------------------------------------------------------

  public Future<Optional<String>> centrePinHash(String centreId) {
    return pool.preparedQuery("SELECT pin_hash FROM centre_pin WHERE centre_id = $1").execute(Tuple.of(centreId))
        .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  /** Sets (or replaces) a centre's PIN; its wrong entries and delays are forgotten. Audited. */
  public Future<Void> setCentrePin(String centreId, String pinHash, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO centre_pin (centre_id, pin_hash, set_by) VALUES ($1, $2, $3)
            ON CONFLICT (centre_id) DO UPDATE SET pin_hash = excluded.pin_hash, set_by = excluded.set_by, set_at = now()""")
        .execute(Tuple.of(centreId, pinHash, by.name()))
        .compose(x -> conn.preparedQuery("DELETE FROM pin_guard WHERE subject = $1").execute(Tuple.of(centre(centreId))))
        .compose(x -> AuditLog.record(conn, by, "centre.pin_set", centre(centreId), new JsonObject()))
        .mapEmpty());
  }

  /** Replaces an outdated hash by one of today's strength, unless the PIN changed meanwhile. */
  public Future<Void> upgradeCentrePin(String centreId, String oldHash, String newHash) {
    return pool.preparedQuery("UPDATE centre_pin SET pin_hash = $3 WHERE centre_id = $1 AND pin_hash = $2")
        .execute(Tuple.of(centreId, oldHash, newHash)).mapEmpty();
  }
}
