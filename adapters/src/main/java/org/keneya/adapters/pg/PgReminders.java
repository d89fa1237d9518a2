package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.keneya.flows.outbox.OutboxMessage;

/** The reminders chosen for households, their SMS, and the campaign reports drawn from them. */
public final class PgReminders {
  private final Pool pool;

  public PgReminders(Pool pool) {
    this.pool = pool;
  }

  /** A reminder chosen for a household, with the SMS that carries it. */
  public record Chosen(UUID householdId, String key, String campaign, String kind, String mutualId, String sectionId, long amountDue,
      String currency, String to, String message) {
    /** The SMS's outbox key: one per household and reminder. */
    public String smsKey() {
      return "reminder:" + householdId + ":" + key;
    }
  }

  /** What became of a chosen reminder: its SMS queued, held by the weekly cap, or already given (before a restart, by another instance). */
  public enum Outcome { QUEUED, HELD, ALREADY }

  /**
   * Records each reminder and queues its SMS, in one transaction: a household already given this
   * reminder (by this or another instance, before a restart) gets nothing more, and one that has had
   * {@code maxPerWeek} reminders queued in the last seven days has it recorded as held, not sent.
   */
  public Future<List<Outcome>> record(List<Chosen> reminders, int maxPerWeek) {
    if (reminders.isEmpty()) return Future.succeededFuture(List.of());
    List<Tuple> rows = reminders.stream().map(r -> Tuple.tuple().addUUID(r.householdId()).addString(r.key()).addString(r.campaign())
        .addString(r.kind()).addString(r.mutualId()).addString(r.sectionId()).addLong(r.amountDue()).addString(r.currency())
        .addString(r.smsKey()).addInteger(maxPerWeek)
        .addValue(Outbox.payload(OutboxMessage.Sms.reminder(r.to(), r.message(), r.householdId()))))
        .toList();
    // The household's row is locked first, so that two instances choosing for it at once count each other's reminders.
    return pool.withTransaction(conn -> conn.preparedQuery("""
        WITH locked AS (SELECT id FROM household WHERE id = $1 FOR UPDATE),
        chosen AS (
          INSERT INTO reminder (household_id, reminder_key, campaign, kind, mutual_id, section_id, amount_due, currency, status, sms_key)
          SELECT $1, $2, $3, $4, $5, $6, $7, $8, s.status, CASE WHEN s.status = 'QUEUED' THEN $9 END
            FROM locked, (SELECT CASE WHEN count(*) >= $10 THEN 'HELD' ELSE 'QUEUED' END AS status
                    FROM reminder WHERE household_id = $1 AND status = 'QUEUED' AND created_at > now() - interval '7 days') s
          ON CONFLICT (household_id, reminder_key) DO NOTHING
          RETURNING status, sms_key),
        queued AS (
          INSERT INTO outbox (topic, dedup_key, payload) SELECT '%s', sms_key, $11 FROM chosen WHERE status = 'QUEUED'
          ON CONFLICT (dedup_key) DO NOTHING)
        SELECT coalesce((SELECT status FROM chosen), 'ALREADY') AS outcome""".formatted(Outbox.SMS)).executeBatch(rows))
        .map(result -> {
          List<Outcome> outcomes = new ArrayList<>();
          for (var rs = result; rs != null; rs = rs.next()) outcomes.add(Outcome.valueOf(rs.iterator().next().getString(0)));
          return outcomes;
        });
  }

  /** One section's figures for a campaign. Households are counted once however many of its reminders they had. */
  public record SectionFigures(String sectionId, int households, int reminders, int held, int sent, int delivered, int failed, int cancelled,
      int paidWithin7Days, int paidWithin30Days) {}

  /** A campaign of a mutual: its id, and when its first and last reminders were chosen. */
  public record Campaign(String id, java.time.OffsetDateTime first, java.time.OffsetDateTime last, int households) {}

  public Future<List<Campaign>> campaigns(String mutualId) {
    return pool.preparedQuery("""
        SELECT campaign, min(created_at) AS first, max(created_at) AS last, count(DISTINCT household_id) AS households
          FROM reminder WHERE mutual_id = $1 GROUP BY campaign ORDER BY min(created_at) DESC""")
        .execute(Tuple.of(mutualId))
        .map(rows -> {
          List<Campaign> campaigns = new ArrayList<>();
          for (Row r : rows) campaigns.add(new Campaign(r.getString("campaign"), r.getOffsetDateTime("first"), r.getOffsetDateTime("last"),
              r.getLong("households").intValue()));
          return campaigns;
        });
  }

  /**
   * The campaign's figures by section: households targeted, reminders chosen, held by the cap,
   * sent, delivered (a redelivery that arrived counts), failed for good, set aside because the
   * household paid first, and households paying within 7 and 30 days of their first reminder.
   */
  public Future<List<SectionFigures>> report(String mutualId, String campaign) {
    return pool.preparedQuery("""
        WITH sms AS (
          SELECT r.household_id, r.section_id, r.status, r.created_at,
                 bool_or(x.status = 'DONE' AND x.result IS NOT NULL) AS sent,
                 bool_or(x.delivery_status = 'SUCCESS') AS delivered,
                 bool_or(x.status = 'FAILED' OR x.delivery_status IN ('FAILED', 'REJECTED')) AND NOT bool_or(x.status = 'PENDING') AS failed,
                 bool_or(x.delivery_status = 'CANCELLED') AS cancelled
            FROM reminder r
            LEFT JOIN outbox x ON x.dedup_key IN (r.sms_key, r.sms_key || ':again', r.sms_key || ':again:again')
           WHERE r.mutual_id = $1 AND r.campaign = $2
           GROUP BY r.household_id, r.reminder_key, r.section_id, r.status, r.created_at),
        households AS (
          SELECT household_id, section_id, min(created_at) AS first_reminded FROM sms GROUP BY household_id, section_id),
        paid AS (
          SELECT h.section_id,
                 count(*) FILTER (WHERE p.first_paid < h.first_reminded + interval '7 days') AS within7,
                 count(*) FILTER (WHERE p.first_paid < h.first_reminded + interval '30 days') AS within30
            FROM households h
            CROSS JOIN LATERAL (SELECT min(rc.created_at) AS first_paid FROM receipt rc
                                 WHERE rc.household_id = h.household_id AND rc.created_at >= h.first_reminded AND rc.reversed_at IS NULL) p
           WHERE p.first_paid IS NOT NULL
           GROUP BY h.section_id)
        SELECT s.section_id, count(DISTINCT s.household_id) AS households, count(*) AS reminders,
               count(*) FILTER (WHERE s.status = 'HELD') AS held,
               count(*) FILTER (WHERE s.sent) AS sent,
               count(*) FILTER (WHERE s.delivered) AS delivered,
               count(*) FILTER (WHERE s.failed AND NOT s.delivered) AS failed,
               count(*) FILTER (WHERE s.cancelled) AS cancelled,
               coalesce(max(paid.within7), 0) AS within7, coalesce(max(paid.within30), 0) AS within30
          FROM sms s LEFT JOIN paid ON paid.section_id = s.section_id
         GROUP BY s.section_id ORDER BY s.section_id""")
        .execute(Tuple.of(mutualId, campaign))
        .map(rows -> {
          List<SectionFigures> figures = new ArrayList<>();
          for (Row r : rows) figures.add(new SectionFigures(r.getString("section_id"), r.getLong("households").intValue(),
              r.getLong("reminders").intValue(), r.getLong("held").intValue(), r.getLong("sent").intValue(), r.getLong("delivered").intValue(),
              r.getLong("failed").intValue(), r.getLong("cancelled").intValue(), r.getLong("within7").intValue(),
              r.getLong("within30").intValue()));
          return figures;
        });
  }
}
