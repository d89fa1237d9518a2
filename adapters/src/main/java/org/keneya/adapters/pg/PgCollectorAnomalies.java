package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.keneya.flows.collectors.CollectorFigures;

/** What the collectors' anomalies report looks at, per collector and per household. */
public final class PgCollectorAnomalies {
  private final Pool pool;

  public PgCollectorAnomalies(Pool pool) {
    this.pool = pool;
  }

  /** A household with many deposits in 30 days: a sign of deposits split, or entered for others. */
  public record BusyHousehold(String memberNumber, String sectionId, int deposits, long amount) {}

  public record Anomalies(List<CollectorFigures> collectors, List<BusyHousehold> households) {}

  /**
   * The mutual's collectors, with what the anomalies report looks at: cash held and since when,
   * disputes, auto-confirmations, deposits entered {@code lateHours} or more after their collection,
   * remittance differences (30 days), the month's collection from {@code monthStart}; and households
   * with more than {@code depositsPerHousehold} deposits in 30 days.
   */
  public Future<Anomalies> anomalies(String mutualId, LocalDate monthStart, int lateHours, int depositsPerHousehold) {
    Future<List<CollectorFigures>> collectors = pool.preparedQuery("""
        SELECT c.id, c.name, c.section_id, g.failures AS wrong_pins, g.delays_started_at,
               CASE WHEN g.delayed_until > now() THEN g.delayed_until END AS delayed_until,
               coalesce(sum(d.amount) FILTER (WHERE d.status = 'CONFIRMED' AND d.remittance_id IS NULL), 0) AS position,
               min(d.collected_at) FILTER (WHERE d.status = 'CONFIRMED' AND d.remittance_id IS NULL) AS held_since,
               coalesce(sum(d.amount) FILTER (WHERE d.status = 'PENDING'), 0) AS pending,
               count(d.id) FILTER (WHERE d.status = 'DISPUTED' AND d.entered_at > now() - interval '30 days') AS disputes,
               count(d.id) FILTER (WHERE d.confirmed_by = 'auto' AND d.entered_at > now() - interval '30 days') AS auto_confirmed,
               count(d.id) FILTER (WHERE d.entered_at - d.collected_at >= make_interval(hours => $3)
                                     AND d.entered_at > now() - interval '30 days') AS entered_late,
               coalesce(sum(d.amount) FILTER (WHERE d.status = 'CONFIRMED' AND d.collected_at >= $2::date
                                                AND d.collected_at < ($2::date + interval '1 month')), 0) AS month,
               (SELECT count(*) FROM remittance r WHERE r.collector_id = c.id AND r.shortfall <> 0 AND r.created_at > now() - interval '30 days')
                 AS shortfalls,
               (SELECT coalesce(sum(r.shortfall), 0) FROM remittance r WHERE r.collector_id = c.id AND r.created_at > now() - interval '30 days')
                 AS shortfall_total
          FROM collector c LEFT JOIN cash_deposit d ON d.collector_id = c.id
               LEFT JOIN pin_guard g ON g.subject = 'collector:' || c.id
         WHERE c.mutual_id = $1
         GROUP BY c.id, g.subject ORDER BY c.section_id, c.name""")
        .execute(Tuple.of(mutualId, monthStart, lateHours))
        .map(rows -> {
          List<CollectorFigures> all = new ArrayList<>();
          for (Row r : rows) all.add(new CollectorFigures(r.getUUID("id"), r.getString("name"), r.getString("section_id"),
              r.getInteger("wrong_pins") == null ? 0 : r.getInteger("wrong_pins"), r.getOffsetDateTime("delays_started_at"),
              r.getOffsetDateTime("delayed_until"),
              r.getLong("position"), r.getOffsetDateTime("held_since"), r.getLong("pending"), r.getLong("disputes").intValue(),
              r.getLong("auto_confirmed").intValue(), r.getLong("entered_late").intValue(), r.getLong("month"), r.getLong("shortfalls").intValue(),
              r.getLong("shortfall_total")));
          return all;
        });
    Future<List<BusyHousehold>> households = pool.preparedQuery("""
        SELECT h.member_number, h.section_id, count(*) AS deposits, sum(d.amount) AS amount
          FROM cash_deposit d JOIN household h ON h.id = d.household_id
         WHERE d.mutual_id = $1 AND d.collected_at > now() - interval '30 days'
         GROUP BY h.member_number, h.section_id HAVING count(*) > $2 ORDER BY count(*) DESC, h.member_number""")
        .execute(Tuple.of(mutualId, depositsPerHousehold))
        .map(rows -> {
          List<BusyHousehold> all = new ArrayList<>();
          for (Row r : rows) all.add(new BusyHousehold(r.getString("member_number"), r.getString("section_id"), r.getLong("deposits").intValue(),
              r.getLong("amount")));
          return all;
        });
    return Future.all(collectors, households).map(x -> new Anomalies(collectors.result(), households.result()));
  }
}
