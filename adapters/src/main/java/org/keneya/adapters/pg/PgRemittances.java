package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.keneya.flows.collectors.Remittance;

/** A collector's cash position, and its remittances to the bank or microfinance institution. */
public final class PgRemittances {
  private final Pool pool;

  public PgRemittances(Pool pool) {
    this.pool = pool;
  }

  /**
   * What a collector holds: confirmed cash not yet remitted (and since when), cash awaiting its
   * members, and the confirmed cash collected in the month from {@code monthStart} (the commission's base).
   */
  public record Position(long confirmed, int confirmedDeposits, OffsetDateTime oldestConfirmed, long pending, int pendingDeposits,
      long collectedThisMonth) {}

  public Future<Position> position(UUID collectorId, LocalDate monthStart) {
    return pool.preparedQuery("""
        SELECT coalesce(sum(amount) FILTER (WHERE status = 'CONFIRMED' AND remittance_id IS NULL), 0) AS confirmed,
               count(*) FILTER (WHERE status = 'CONFIRMED' AND remittance_id IS NULL) AS confirmed_deposits,
               min(collected_at) FILTER (WHERE status = 'CONFIRMED' AND remittance_id IS NULL) AS oldest,
               coalesce(sum(amount) FILTER (WHERE status = 'PENDING'), 0) AS pending,
               count(*) FILTER (WHERE status = 'PENDING') AS pending_deposits,
               coalesce(sum(amount) FILTER (WHERE status = 'CONFIRMED' AND collected_at >= $2::date
                                             AND collected_at < ($2::date + interval '1 month')), 0) AS month
          FROM cash_deposit WHERE collector_id = $1""")
        .execute(Tuple.of(collectorId, monthStart))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Position(r.getLong("confirmed"), r.getLong("confirmed_deposits").intValue(), r.getOffsetDateTime("oldest"),
              r.getLong("pending"), r.getLong("pending_deposits").intValue(), r.getLong("month"));
        });
  }

  /** A remittance recorded: the position it cleared, the amount that reached the bank, and the difference held for review. */
  public record Remitted(UUID id, long position, long amount, long shortfall, int deposits) {}

  /** The slip was recorded before (the same slip reference in the mutual). */
  public static final class DuplicateSlip extends RuntimeException {
    public DuplicateSlip(String slip) {
      super("slip " + slip + " is already recorded");
    }
  }

  /**
   * Records that the treasurer saw {@code amount} of the collector's cash reach the bank or
   * microfinance institution, as {@link Remittance} plans it: every confirmed deposit not yet
   * remitted is remitted by it, and the journal moves the position to the bank.
   */
  public Future<Remitted> remit(PgCollectors.Collector collector, String currency, String slipReference, String institution, long amount,
      LocalDate depositedOn, Actor confirmedBy) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM collector WHERE id = $1 FOR UPDATE").execute(Tuple.of(collector.id()))
        // The deposits remitted are the ones counted, locked as they are read: a deposit confirmed meanwhile waits for the next remittance.
        .compose(x -> conn.preparedQuery("""
            SELECT id, amount FROM cash_deposit
             WHERE collector_id = $1 AND status = 'CONFIRMED' AND remittance_id IS NULL FOR UPDATE""").execute(Tuple.of(collector.id())))
        .compose(rows -> {
          List<UUID> counted = new ArrayList<>();
          long position = 0;
          for (Row deposit : rows) {
            counted.add(deposit.getUUID("id"));
            position += deposit.getLong("amount");
          }
          Remittance plan = Remittance.plan(collector.mutualId(), currency, collector.id(), collector.name(),
              new Remittance.Slip(slipReference, institution, amount), position, counted.size());
          return conn.preparedQuery("""
                  INSERT INTO remittance (id, mutual_id, collector_id, slip_reference, institution, amount, position, shortfall, currency,
                                          deposited_on, confirmed_by)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
              .execute(Tuple.from(List.of(id, collector.mutualId(), collector.id(), slipReference, institution, amount, plan.position(),
                  plan.shortfall(), currency, depositedOn, confirmedBy.name())))
              .compose(x -> conn.preparedQuery("""
                  UPDATE cash_deposit SET remittance_id = $2 WHERE id = ANY($1)""")
                  .execute(Tuple.of(counted.toArray(new UUID[0]), id)))
              .compose(x -> JournalWriter.write(conn, plan.entry()))
              .compose(x -> AuditLog.record(conn, confirmedBy, plan.audit()))
              .map(x -> new Remitted(id, plan.position(), amount, plan.shortfall(), plan.deposits()));
        }))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new DuplicateSlip(slipReference) : e));
  }
}
