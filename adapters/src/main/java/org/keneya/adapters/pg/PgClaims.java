package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.claims.ClaimPayment;

/**
 * Co-financing claims: each funder's share of the receipts (from the quote they were booked
 * with), claimed once per receipt, by quarter; and the claim's payment, booked from the bank
 * against the funder's receivable.
 */
public final class PgClaims {
  private final Pool pool;

  public PgClaims(Pool pool) {
    this.pool = pool;
  }

  public record Claim(UUID id, String mutualId, String funderId, String quarter, LocalDate firstDay, LocalDate lastDay, long total,
      String currency, String createdBy, LocalDate paidOn, String paidReference, String paidRecordedBy) {}

  /** One receipt's share: whom it covered, over which days, and what the funder owes for it. */
  public record Line(String receiptNumber, LocalDate paidOn, String household, int persons, String memberNumbers, LocalDate coveredFrom,
      LocalDate coveredUntil, long amount) {}

  /** What creating a claim found. */
  public sealed interface Created {
    record New(Claim claim) implements Created {}

    record Exists(UUID id) implements Created {}
  }

  /**
   * Claims from {@code funder} its share of every receipt of the mutual paid by {@code lastDay} and
   * not yet claimed from it (late bookings of earlier quarters are caught up), in one transaction.
   */
  public Future<Created> create(String mutualId, String funder, String quarter, LocalDate firstDay, LocalDate lastDay, String currency,
      Actor createdBy) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO subsidy_claim (id, mutual_id, funder_id, quarter, first_day, last_day, total, currency, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8)""")
        .execute(Tuple.from(List.of(id, mutualId, funder, quarter, firstDay, lastDay, currency, createdBy.name())))
        .compose(x -> conn.preparedQuery("""
            INSERT INTO subsidy_claim_line (claim_id, funder_id, receipt_id, amount)
            SELECT $1, $2, r.id, (p.quote->'funderShares'->>$2)::bigint
              FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id
             WHERE r.mutual_id = $3 AND r.reversed_at IS NULL AND r.paid_on <= $4 AND r.currency = $5
               AND coalesce((p.quote->'funderShares'->>$2)::bigint, 0) > 0
               AND NOT EXISTS (SELECT 1 FROM subsidy_claim_line l WHERE l.funder_id = $2 AND l.receipt_id = r.id)""")
            .execute(Tuple.of(id, funder, mutualId, lastDay, currency)))
        .compose(x -> conn.preparedQuery("""
            UPDATE subsidy_claim SET total = (SELECT coalesce(sum(amount), 0) FROM subsidy_claim_line WHERE claim_id = $1)
             WHERE id = $1""").execute(Tuple.of(id))))
        .compose(x -> find(id))
        .map(found -> (Created) new Created.New(found.orElseThrow()))
        .recover(e -> {
          if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return pool.preparedQuery("SELECT id FROM subsidy_claim WHERE mutual_id = $1 AND funder_id = $2 AND quarter = $3")
                .execute(Tuple.of(mutualId, funder, quarter))
                .map(rows -> (Created) new Created.Exists(rows.iterator().next().getUUID("id")));
          }
          return Future.failedFuture(e);
        });
  }

  public Future<Optional<Claim>> find(UUID id) {
    return pool.preparedQuery("""
        SELECT id, mutual_id, funder_id, quarter, first_day, last_day, total, currency, created_by, paid_on, paid_reference, paid_recorded_by
          FROM subsidy_claim WHERE id = $1""")
        .execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          return Optional.of(new Claim(r.getUUID("id"), r.getString("mutual_id"), r.getString("funder_id"), r.getString("quarter"),
              r.getLocalDate("first_day"), r.getLocalDate("last_day"), r.getLong("total"), r.getString("currency"),
              r.getString("created_by"), r.getLocalDate("paid_on"), r.getString("paid_reference"), r.getString("paid_recorded_by")));
        });
  }

  public Future<List<Line>> lines(UUID id) {
    return pool.preparedQuery("""
        SELECT r.receipt_number, r.paid_on, h.member_number AS household, r.covered_from, r.covered_until, l.amount,
               (SELECT count(*) FROM receipt_member c WHERE c.receipt_id = r.id) AS persons,
               (SELECT string_agg(m.member_number, ' ' ORDER BY m.member_number)
                  FROM receipt_member c JOIN member m ON m.id = c.member_id WHERE c.receipt_id = r.id) AS member_numbers
          FROM subsidy_claim_line l JOIN receipt r ON r.id = l.receipt_id JOIN household h ON h.id = r.household_id
         WHERE l.claim_id = $1 ORDER BY r.paid_on, r.sequence_number""")
        .execute(Tuple.of(id))
        .map(rows -> {
          List<Line> lines = new ArrayList<>();
          for (Row r : rows) {
            lines.add(new Line(r.getString("receipt_number"), r.getLocalDate("paid_on"), r.getString("household"),
                r.getLong("persons").intValue(), r.getString("member_numbers"), r.getLocalDate("covered_from"),
                r.getLocalDate("covered_until"), r.getLong("amount")));
          }
          return lines;
        });
  }

  /** What recording a claim's payment found. */
  public enum Payment { BOOKED, UNKNOWN_CLAIM, ALREADY_PAID, NOTHING_CLAIMED }

  /**
   * Books the funder's transfer for a claim: bank against the funder's receivable, once, with who
   * recorded it and the bank reference in the audit log.
   */
  public Future<Payment> recordPayment(UUID id, LocalDate paidOn, String reference, Actor recordedBy) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT mutual_id, funder_id, quarter, total, currency, paid_on FROM subsidy_claim WHERE id = $1 FOR UPDATE""")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Payment.UNKNOWN_CLAIM);
          Row row = rows.iterator().next();
          ClaimPayment.Claim claim = new ClaimPayment.Claim(id, row.getString("mutual_id"), row.getString("funder_id"), row.getString("quarter"),
              row.getLong("total"), row.getString("currency"), row.getLocalDate("paid_on"));
          ClaimPayment.Decision decision = ClaimPayment.decide(claim, paidOn, reference);
          if (decision instanceof ClaimPayment.Decision.AlreadyPaid) return Future.succeededFuture(Payment.ALREADY_PAID);
          if (decision instanceof ClaimPayment.Decision.NothingClaimed) return Future.succeededFuture(Payment.NOTHING_CLAIMED);
          ClaimPayment.Decision.Book book = (ClaimPayment.Decision.Book) decision;
          return JournalWriter.write(conn, book.journalEntry())
              .compose(entryId -> conn.preparedQuery("""
                      UPDATE subsidy_claim SET paid_on = $2, paid_reference = $3, paid_recorded_by = $4, payment_entry_id = $5 WHERE id = $1""")
                  .execute(Tuple.of(id, paidOn, reference, recordedBy.name(), entryId))
                  .compose(x -> AuditLog.record(conn, recordedBy, book.audit(entryId))))
              .map(x -> Payment.BOOKED);
        }));
  }
}
