package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.keneya.flows.ledger.JournalEntries;

/** The figures of a mutual's (or one section's) monthly report, read from receipts, cover and the journal. */
public final class PgReports {
  private final Pool pool;

  public PgReports(Pool pool) {
    this.pool = pool;
  }

  /** Receipts of the month paid through one channel ("wallet:orange", "cash:…"). */
  public record Channel(String channel, long receipts, long amount, long memberShare, long adhesionFees) {}

  /**
   * Households (members) and persons (beneficiaries) enrolled at the month's end in one product and
   * level, and how many were covered on that day (a household when any of its persons was).
   */
  public record Enrolled(String productId, String guaranteeLevel, long households, long coveredHouseholds, long persons, long covered) {}

  public record Month(List<Channel> channels, List<Enrolled> enrolled, long guaranteeFund) {}

  /** @param section null for the whole mutual */
  public Future<Month> month(String mutualId, String section, LocalDate first, LocalDate last) {
    Tuple params = Tuple.of(mutualId, first, last, section);
    Future<List<Channel>> channels = pool.preparedQuery("""
            SELECT r.channel, count(*) AS receipts, sum(r.amount) AS amount, sum(r.member_share) AS member_share,
                   sum(r.adhesion_fee) AS adhesion
              FROM receipt r JOIN household h ON h.id = r.household_id
             WHERE r.mutual_id = $1 AND r.reversed_at IS NULL AND r.paid_on BETWEEN $2 AND $3 AND ($4::text IS NULL OR h.section_id = $4)
             GROUP BY r.channel ORDER BY r.channel""")
        .execute(params)
        .map(rows -> {
          List<Channel> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Channel(r.getString("channel"), r.getLong("receipts"), r.getLong("amount"), r.getLong("member_share"),
                r.getLong("adhesion")));
          }
          return list;
        });
    Future<List<Enrolled>> enrolled = pool.preparedQuery("""
            SELECT e.product_id, e.guarantee_level, count(m.id) AS persons, count(DISTINCT h.id) AS households,
                   count(m.id) FILTER (WHERE EXISTS (SELECT 1 FROM receipt_member c
                                                      WHERE c.member_id = m.id AND c.covered_from <= $3 AND c.covered_until >= $3)) AS covered,
                   count(DISTINCT h.id) FILTER (WHERE EXISTS (SELECT 1 FROM receipt_member c
                                                      WHERE c.member_id = m.id AND c.covered_from <= $3 AND c.covered_until >= $3))
                     AS covered_households
              FROM member m JOIN household h ON h.id = m.household_id JOIN enrolment e ON e.household_id = h.id AND e.ended_on IS NULL
             WHERE h.mutual_id = $1 AND (m.created_at AT TIME ZONE 'UTC')::date <= $3 AND $2::date <= $3
               AND ($4::text IS NULL OR h.section_id = $4)
             GROUP BY e.product_id, e.guarantee_level ORDER BY e.product_id, e.guarantee_level""")
        .execute(params)
        .map(rows -> {
          List<Enrolled> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Enrolled(r.getString("product_id"), r.getString("guarantee_level"), r.getLong("households"),
                r.getLong("covered_households"), r.getLong("persons"), r.getLong("covered")));
          }
          return list;
        });
    Future<Long> fund = pool.preparedQuery("""
            SELECT coalesce(sum(p.amount), 0) AS allocated
              FROM posting p JOIN journal_entry j ON j.id = p.entry_id AND j.kind = 'receipt'
              JOIN receipt r ON r.id = j.receipt_id JOIN household h ON h.id = r.household_id
             WHERE p.account = $5 AND r.mutual_id = $1 AND r.reversed_at IS NULL AND r.paid_on BETWEEN $2 AND $3
               AND ($4::text IS NULL OR h.section_id = $4)""")
        .execute(Tuple.of(mutualId, first, last, section, JournalEntries.GUARANTEE_FUND_ALLOCATION))
        .map(rows -> rows.iterator().next().getLong("allocated"));
    return Future.all(channels, enrolled, fund).map(x -> new Month(channels.result(), enrolled.result(), fund.result()));
  }
}
