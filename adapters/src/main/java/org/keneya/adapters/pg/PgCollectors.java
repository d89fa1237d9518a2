package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The collectors themselves: who they are, their numbers and PINs, and (until they move to the
 * session store) their USSD sessions. Their cash is in {@link PgCashDeposits} and {@link PgRemittances}.
 */
public final class PgCollectors {
  private final Pool pool;

  public PgCollectors(Pool pool) {
    this.pool = pool;
  }

  /** A collector; {@code pinDelayedUntil} is set while PIN entries are delayed after wrong PINs (see {@link PgPins}). */
  public record Collector(UUID id, String mutualId, String sectionId, String name, String msisdn, String pinHash, int failedPins,
      OffsetDateTime pinDelayedUntil) {}

  private static final String COLLECTOR_COLUMNS = "id, mutual_id, section_id, name, msisdn, pin_hash,"
      + " coalesce((SELECT g.failures FROM pin_guard g WHERE g.subject = 'collector:' || collector.id), 0) AS failed_pins,"
      + " (SELECT g.delayed_until FROM pin_guard g WHERE g.subject = 'collector:' || collector.id AND g.delayed_until > now()) AS delayed_until";

  private static Collector collector(Row r) {
    return new Collector(r.getUUID("id"), r.getString("mutual_id"), r.getString("section_id"), r.getString("name"), r.getString("msisdn"),
        r.getString("pin_hash"), r.getInteger("failed_pins"), r.getOffsetDateTime("delayed_until"));
  }

  /** The number already belongs to a collector. */
  public static final class DuplicateCollector extends RuntimeException {
    public DuplicateCollector(String msisdn) {
      super("a collector already has the number " + msisdn);
    }
  }

  public Future<Collector> register(String mutualId, String sectionId, String name, String msisdn, String pinHash, Actor registeredBy) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO collector (id, mutual_id, section_id, name, msisdn, pin_hash)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLLECTOR_COLUMNS)
        .execute(Tuple.of(id, mutualId, sectionId, name, msisdn, pinHash))
        .compose(rows -> AuditLog.record(conn, registeredBy, "collector.registered", id.toString(),
            new JsonObject().put("mutual", mutualId).put("section", sectionId)).map(collector(rows.iterator().next()))))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new DuplicateCollector(msisdn) : e));
  }

  public Future<Optional<Collector>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLLECTOR_COLUMNS + " FROM collector WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(collector(rows.iterator().next())));
  }

  public Future<Optional<Collector>> findByMsisdn(String msisdn) {
    return pool.preparedQuery("SELECT " + COLLECTOR_COLUMNS + " FROM collector WHERE msisdn = $1").execute(Tuple.of(msisdn))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(collector(rows.iterator().next())));
  }

  /** Every collector's number: the USSD service tells collectors from members without a query per hop. */
  public Future<List<String>> msisdns() {
    return pool.query("SELECT msisdn FROM collector").execute().map(rows -> {
      List<String> all = new ArrayList<>();
      for (Row r : rows) all.add(r.getString(0));
      return all;
    });
  }

  /** Replaces an outdated hash by one of today's strength, unless the PIN changed meanwhile. */
  public Future<Void> upgradePinHash(UUID id, String oldHash, String newHash) {
    return pool.preparedQuery("UPDATE collector SET pin_hash = $3 WHERE id = $1 AND pin_hash = $2").execute(Tuple.of(id, oldHash, newHash))
        .mapEmpty();
  }

  public Future<Void> changePin(UUID id, String pinHash) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE collector SET pin_hash = $2 WHERE id = $1")
        .execute(Tuple.of(id, pinHash))
        .compose(x -> conn.preparedQuery("DELETE FROM pin_guard WHERE subject = $1").execute(Tuple.of(PgPins.collector(id))))
        .compose(x -> AuditLog.record(conn, Actor.system("collector:" + id), "collector.pin_changed", id.toString(), new JsonObject())));
  }

  /** Forgets a collector's wrong PINs and lifts any delay they caused; false when there is no such collector. */
  public Future<Boolean> unlock(UUID id, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM collector WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery("DELETE FROM pin_guard WHERE subject = $1").execute(Tuple.of(PgPins.collector(id)))
                .compose(x -> AuditLog.record(conn, by, "collector.unlocked", id.toString(), new JsonObject())).map(true)));
  }
}
