package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keneya.flows.outbox.OutboxMessage;

/** What the daily rights run reads (each person's cover) and writes (statuses told, SMS), and its claim. */
public final class PgRights {
  private final Pool pool;

  public PgRights(Pool pool) {
    this.pool = pool;
  }

  /**
   * Claims {@code job} for {@code day} for {@code instance}, for {@code leaseSeconds}: true when no
   * other instance holds it and it has not finished.
   */
  public Future<Boolean> claim(String job, LocalDate day, String instance, int leaseSeconds) {
    return pool.preparedQuery("""
        INSERT INTO job_run (job, day, claimed_by, claimed_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
        ON CONFLICT (job, day) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
         WHERE job_run.finished_at IS NULL AND job_run.claimed_until < now()
        RETURNING job""")
        .execute(Tuple.of(job, day, instance, leaseSeconds))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Runs {@code work} as {@code job} of {@code day} when this {@code instance} claims it (see
   * {@link #claim}), and records it finished once it succeeds; empty when another instance holds it
   * or it is done. A run that fails is taken over by another instance once its lease has passed.
   */
  public <T> Future<java.util.Optional<T>> once(String job, LocalDate day, String instance, int leaseSeconds,
      java.util.function.Supplier<Future<T>> work) {
    return claim(job, day, instance, leaseSeconds).compose(claimed -> !claimed ? Future.succeededFuture(java.util.Optional.<T>empty())
        : work.get().compose(result -> finish(job, day).map(java.util.Optional.of(result))));
  }

  public Future<Void> finish(String job, LocalDate day) {
    return pool.preparedQuery("UPDATE job_run SET finished_at = now() WHERE job = $1 AND day = $2").execute(Tuple.of(job, day)).mapEmpty();
  }

  /** A person's cover, and their status as last told. */
  /** @param periods what each of the person's receipts covered, and when it was paid */
  public record Person(UUID id, String name, LocalDate firstPaidOn, LocalDate coveredUntil, String toldStatus,
      List<org.keneya.flows.rights.RightsPolicy.PaidPeriod> periods) {}

  /** A household with an active enrolment, and its persons. */
  /** @param smsOptOut the household sent STOP: its statuses are recorded, but it is not told */
  public record Household(UUID id, String memberNumber, String mutualCode, String headMsisdn, String language, boolean smsOptOut,
      String productId, String guaranteeLevel, int adhesionFeesPaid, List<Person> persons, String sectionId) {}

  /** The next {@code limit} enrolled households after {@code after} (null: from the start), by id. */
  public Future<List<Household>> households(UUID after, int limit) {
    return pool.preparedQuery("""
        WITH page AS (
          SELECT h.id, h.member_number, h.section_id, m.code AS mutual_code, h.head_msisdn, h.language, h.sms_opt_out, e.product_id, e.guarantee_level,
                 (SELECT coalesce(sum(r.adhesion_fees), 0) FROM receipt r WHERE r.household_id = h.id AND r.reversed_at IS NULL) AS fees
            FROM household h JOIN mutual m ON m.id = h.mutual_id JOIN enrolment e ON e.household_id = h.id AND e.ended_on IS NULL
           WHERE $1::uuid IS NULL OR h.id > $1
           ORDER BY h.id LIMIT $2)
        SELECT page.*, p.id AS person_id, p.name, p.rights_status, cover.first_paid_on, cover.covered_until, cover.periods
          FROM page JOIN member p ON p.household_id = page.id
          CROSS JOIN LATERAL (
            SELECT min(c.paid_on) AS first_paid_on, max(c.covered_until) AS covered_until,
                   coalesce(json_agg(json_build_object('paid_on', c.paid_on, 'from', c.covered_from, 'until', c.covered_until)), '[]') AS periods
              FROM receipt_member c WHERE c.member_id = p.id) cover
         ORDER BY page.id, p.member_number""")
        .execute(Tuple.tuple().addUUID(after).addInteger(limit))
        .map(rows -> {
          Map<UUID, Household> households = new LinkedHashMap<>();
          for (Row r : rows) {
            Household h = households.computeIfAbsent(r.getUUID("id"), id -> new Household(id, r.getString("member_number"),
                r.getString("mutual_code"), r.getString("head_msisdn"), r.getString("language"), r.getBoolean("sms_opt_out"),
                r.getString("product_id"),
                r.getString("guarantee_level"), r.getLong("fees").intValue(), new ArrayList<>(), r.getString("section_id")));
            h.persons().add(new Person(r.getUUID("person_id"), r.getString("name"), r.getLocalDate("first_paid_on"),
                r.getLocalDate("covered_until"), r.getString("rights_status"),
                PgHouseholds.periods(r.getValue("periods"))));
          }
          return new ArrayList<>(households.values());
        });
  }

  /** A person's status to record; {@code sms} (with its dedup key) to send, if any. */
  public record StatusChange(UUID personId, String status) {}

  public record Sms(String dedupKey, String to, String message) {}

  /** Records the statuses and queues the SMS together: a crash leaves both or neither. */
  public Future<Void> record(LocalDate day, List<StatusChange> changes, List<Sms> messages) {
    if (changes.isEmpty() && messages.isEmpty()) return Future.succeededFuture();
    List<Tuple> statuses = changes.stream().map(c -> Tuple.of(c.personId(), c.status(), day)).toList();
    List<Outbox.Queued> sms = messages.stream()
        .map(m -> new Outbox.Queued(m.dedupKey(), OutboxMessage.Sms.notice(m.to(), m.message())))
        .toList();
    return pool.withTransaction(conn -> (statuses.isEmpty() ? Future.<Void>succeededFuture()
            : conn.preparedQuery("UPDATE member SET rights_status = $2, rights_checked_on = $3 WHERE id = $1").executeBatch(statuses).<Void>mapEmpty())
        .compose(x -> Outbox.queueAll(conn, sms)));
  }
}
