package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.PaymentState;

/**
 * Collectors, their cash deposits and remittances. A deposit waits for its member behind a payment
 * intent of provider {@code cash} (status AWAITING_MEMBER, never polled); the member's confirmation
 * books it through {@link PgPayments#confirmWithin} in the same transaction, so a deposit confirmed
 * twice, or by SMS and the auto-confirmation at once, makes one receipt.
 */
public final class PgCollectors {
  private static final String[] DISPUTED_FROM = PaymentState.codes(PaymentState.FAILED.from(PaymentState.AWAITING_MEMBER));
  private final Pool pool;
  private final PgPayments payments;
  private final java.time.ZoneId zone;

  /** @param zone the members' time zone: a deposit is paid on the day it was collected there */
  public PgCollectors(Pool pool, PgPayments payments, java.time.ZoneId zone) {
    this.pool = pool;
    this.payments = payments;
    this.zone = zone;
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
        .compose(rows -> audit(conn, registeredBy, "collector.registered", id.toString(),
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
        .compose(x -> audit(conn, "collector:" + id, "collector.pin_changed", id.toString(), new JsonObject())));
  }

  /** Forgets a collector's wrong PINs and lifts any delay they caused; false when there is no such collector. */
  public Future<Boolean> unlock(UUID id, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM collector WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery("DELETE FROM pin_guard WHERE subject = $1").execute(Tuple.of(PgPins.collector(id)))
                .compose(x -> audit(conn, by, "collector.unlocked", id.toString(), new JsonObject())).map(true)));
  }

  // ---- Deposits ------------------------------------------------------------------------------

  /** A deposit entered by a collector, waiting for its member. */
  public record NewDeposit(UUID collectorId, UUID householdId, UUID enrolmentId, String headMsisdn, String language, ContributionQuote quote,
      int periods, Instant collectedAt, String channelRef, String code, String memberSms) {}

  /** The deposit recorded (or the one this session already recorded): its code and amount. */
  public record Recorded(UUID id, String code, long amount, boolean created) {}

  /** Another pending deposit of the mutual holds the code: draw another. */
  public static final class CodeTaken extends RuntimeException {
    public CodeTaken() {
      super("code taken", null, false, false);
    }
  }

  /**
   * Records a deposit, its payment intent (AWAITING_MEMBER, for the whole household) and the SMS
   * asking the member to confirm, together. The same {@code channelRef} (USSD session) records
   * one deposit however often it is confirmed; {@code memberSms} has a {@code {code}} placeholder.
   */
  public Future<Recorded> recordDeposit(NewDeposit deposit, String mutualId, String sectionId) {
    return pool.preparedQuery("SELECT id, code, amount FROM cash_deposit WHERE channel_ref = $1").execute(Tuple.of(deposit.channelRef()))
        .compose(existing -> {
          if (existing.size() > 0) {
            Row r = existing.iterator().next();
            return Future.succeededFuture(new Recorded(r.getUUID("id"), r.getString("code"), r.getLong("amount"), false));
          }
          UUID intentId = UUID.randomUUID();
          UUID depositId = UUID.randomUUID();
          Money amount = deposit.quote().memberPaysMoney();
          return pool.withTransaction(conn -> conn.preparedQuery("""
                  INSERT INTO payment_intent (id, household_id, enrolment_id, provider, payer_msisdn, amount, currency, quote, language,
                                              channel_ref, status, next_check_at)
                  VALUES ($1, $2, $3, 'cash', $4, $5, $6, $7, $8, $9, $10, 'infinity')""")
              .execute(Tuple.from(List.of(intentId, deposit.householdId(), deposit.enrolmentId(), deposit.headMsisdn(), amount.amount(),
                  amount.currency(), new JsonObject(PgPayments.write(deposit.quote())), deposit.language(), deposit.channelRef(),
                  PaymentState.AWAITING_MEMBER.code())))
              .compose(x -> conn.preparedQuery("""
                  INSERT INTO cash_deposit (id, code, mutual_id, section_id, collector_id, household_id, payment_intent_id, amount, currency,
                                            periods, channel_ref, collected_at, status)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'PENDING')
                  ON CONFLICT (mutual_id, code) WHERE status = 'PENDING' DO NOTHING RETURNING id""")
                  .execute(Tuple.from(List.of(depositId, deposit.code(), mutualId, sectionId, deposit.collectorId(), deposit.householdId(),
                      intentId, amount.amount(), amount.currency(), deposit.periods(), deposit.channelRef(),
                      deposit.collectedAt().atOffset(ZoneOffset.UTC)))))
              .compose(rows -> rows.size() == 0 ? Future.<Void>failedFuture(new CodeTaken())
                  : conn.preparedQuery("INSERT INTO outbox (topic, dedup_key, payload) VALUES ('sms', $1, $2)")
                      .execute(Tuple.of("deposit-sms:" + depositId, new JsonObject().put("to", deposit.headMsisdn())
                          .put("message", deposit.memberSms().replace("{code}", deposit.code()))))
                      .<Void>mapEmpty())
              .map(x -> new Recorded(depositId, deposit.code(), amount.amount(), true)));
        });
  }

  /** What became of a member's answer to a deposit. */
  public sealed interface Answer {
    /** Confirmed now: booked as {@code receiptNumber}. */
    record Confirmed(Deposit deposit, String receiptNumber) implements Answer {}

    /** Disputed now: nothing booked. */
    record Disputed(Deposit deposit) implements Answer {}

    /** Answered before (confirmed, auto-confirmed or disputed): nothing more done. */
    record AlreadyAnswered(Deposit deposit, String status) implements Answer {}

    /** No deposit with that code for this member's number. */
    record Unknown() implements Answer {}
  }

  /** A deposit as its answers need it: who collected it, for whom, how much. */
  public record Deposit(UUID id, String code, String mutualCode, String memberNumber, String headMsisdn, String language, String collectorName,
      String collectorMsisdn, long amount, String currency, LocalDate collectedOn) {}

  /**
   * The member's answer to deposit {@code code}, from {@code headMsisdn} (the household head's
   * number; null for the auto-confirmation, which names the deposit by {@code depositId}).
   * {@code collectorSms} has {@code {code}}, {@code {amount}}, {@code {memberNumber}} and
   * {@code {receiptNumber}} placeholders and goes to the collector with the outcome.
   */
  public Future<Answer> answer(String code, String headMsisdn, UUID depositId, boolean confirmed, String by, String collectorSms) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT d.id, d.code, d.status, d.payment_intent_id, d.amount, d.currency, d.collected_at, h.member_number, h.head_msisdn,
                   h.language, m.code AS mutual_code, c.name AS collector_name, c.msisdn AS collector_msisdn,
                   (SELECT r.receipt_number FROM receipt r WHERE r.payment_intent_id = d.payment_intent_id) AS receipt_number
              FROM cash_deposit d JOIN household h ON h.id = d.household_id JOIN mutual m ON m.id = d.mutual_id
              JOIN collector c ON c.id = d.collector_id
             WHERE ($3::uuid IS NOT NULL AND d.id = $3) OR ($3::uuid IS NULL AND d.code = $1 AND h.head_msisdn = $2)
             ORDER BY d.entered_at DESC LIMIT 1
             FOR UPDATE OF d""")
        .execute(Tuple.tuple().addString(code).addString(headMsisdn).addUUID(depositId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new Answer.Unknown());
          Row r = rows.iterator().next();
          Deposit deposit = new Deposit(r.getUUID("id"), r.getString("code"), r.getString("mutual_code"), r.getString("member_number"),
              r.getString("head_msisdn"), r.getString("language"), r.getString("collector_name"), r.getString("collector_msisdn"),
              r.getLong("amount"), r.getString("currency"), r.getOffsetDateTime("collected_at").atZoneSameInstant(zone)
                  .toLocalDate());
          if (!r.getString("status").equals("PENDING")) {
            return Future.succeededFuture(new Answer.AlreadyAnswered(deposit, r.getString("status")));
          }
          UUID intentId = r.getUUID("payment_intent_id");
          String money = Money.of(deposit.amount(), deposit.currency()).format();
          if (!confirmed) {
            return conn.preparedQuery("UPDATE cash_deposit SET status = 'DISPUTED', resolved_at = now() WHERE id = $1").execute(Tuple.of(deposit.id()))
                .compose(x -> conn.preparedQuery("""
                    UPDATE payment_intent SET status = $2, failure_reason = 'disputed by the member', updated_at = now()
                     WHERE id = $1 AND status = ANY($3)""")
                    .execute(Tuple.of(intentId, PaymentState.FAILED.code(), DISPUTED_FROM)))
                // The intent awaits its member as long as its deposit does: anything else is a bug, and keeps nothing.
                .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
                    : StatusChange.refused(intentId, "a disputed deposit's payment no longer awaits its member"))
                .compose(x -> audit(conn, by, "cash_deposit.disputed", deposit.id().toString(), new JsonObject().put("code", deposit.code())))
                .compose(x -> toCollector(conn, deposit, collectorSms, money, ""))
                .map(x -> new Answer.Disputed(deposit));
          }
          String memo = "Cash deposit " + deposit.code() + " by collector " + deposit.collectorName()
              + (by.equals("auto") ? ", auto-confirmed without the member's answer" : ", confirmed by the member");
          return conn.preparedQuery("UPDATE cash_deposit SET status = 'CONFIRMED', confirmed_by = $2, resolved_at = now() WHERE id = $1")
              .execute(Tuple.of(deposit.id(), by))
              .compose(x -> payments.confirmWithin(conn, intentId, "cash:" + deposit.id(), Money.of(deposit.amount(), deposit.currency()),
                  deposit.collectedOn(), memo))
              .compose(confirmation -> {
                if (!(confirmation instanceof Confirmation.Booked booked)) {
                  return Future.failedFuture(new IllegalStateException("cash deposit " + deposit.id() + " not booked: " + confirmation));
                }
                return toCollector(conn, deposit, collectorSms, money, booked.receiptNumber())
                    .map(x -> (Answer) new Answer.Confirmed(deposit, booked.receiptNumber()));
              });
        }));
  }

  private static Future<Void> toCollector(SqlConnection conn, Deposit deposit, String template, String money, String receiptNumber) {
    String text = template.replace("{code}", deposit.code()).replace("{amount}", money).replace("{memberNumber}", deposit.memberNumber())
        .replace("{receiptNumber}", receiptNumber);
    return conn.preparedQuery("INSERT INTO outbox (topic, dedup_key, payload) VALUES ('sms', $1, $2) ON CONFLICT (dedup_key) DO NOTHING")
        .execute(Tuple.of("deposit-answer-sms:" + deposit.id(), new JsonObject().put("to", deposit.collectorMsisdn()).put("message", text)))
        .mapEmpty();
  }

  /** Deposits no member has answered for {@code hours}: the auto-confirmation's work. */
  public Future<List<UUID>> unansweredFor(int hours, int limit) {
    return pool.preparedQuery("""
        SELECT id FROM cash_deposit WHERE status = 'PENDING' AND entered_at < now() - make_interval(hours => $1) ORDER BY entered_at LIMIT $2""")
        .execute(Tuple.of(hours, limit))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row r : rows) ids.add(r.getUUID(0));
          return ids;
        });
  }

  // ---- Cash position, commission, remittance -------------------------------------------------

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
   * microfinance institution: every confirmed deposit not yet remitted is remitted by it, and the
   * journal moves the position from collector cash to the bank, any difference to the shortfall account.
   */
  public Future<Remitted> remit(Collector collector, String currency, String slipReference, String institution, long amount, LocalDate depositedOn,
      Actor confirmedBy) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM collector WHERE id = $1 FOR UPDATE").execute(Tuple.of(collector.id()))
        .compose(x -> conn.preparedQuery("""
            SELECT coalesce(sum(amount), 0) AS position, count(*) AS deposits FROM cash_deposit
             WHERE collector_id = $1 AND status = 'CONFIRMED' AND remittance_id IS NULL""").execute(Tuple.of(collector.id())))
        .compose(rows -> {
          long position = rows.iterator().next().getLong("position");
          int deposits = rows.iterator().next().getLong("deposits").intValue();
          long shortfall = position - amount;
          return conn.preparedQuery("""
                  INSERT INTO remittance (id, mutual_id, collector_id, slip_reference, institution, amount, position, shortfall, currency,
                                          deposited_on, confirmed_by)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
              .execute(Tuple.from(List.of(id, collector.mutualId(), collector.id(), slipReference, institution, amount, position, shortfall,
                  currency, depositedOn, confirmedBy.name())))
              .compose(x -> conn.preparedQuery("""
                  UPDATE cash_deposit SET remittance_id = $2 WHERE collector_id = $1 AND status = 'CONFIRMED' AND remittance_id IS NULL""")
                  .execute(Tuple.of(collector.id(), id)))
              .compose(x -> conn.preparedQuery("INSERT INTO journal_entry (mutual_id, kind, memo) VALUES ($1, 'remittance', $2) RETURNING id")
                  .execute(Tuple.of(collector.mutualId(), "Remittance " + slipReference + " (" + institution + ") of collector " + collector.name()
                      + (shortfall == 0 ? "" : ", difference of " + shortfall + " held for review"))))
              .compose(entry -> {
                long entryId = entry.iterator().next().getLong(0);
                List<Tuple> legs = JournalEntries.remittance(position, amount).stream()
                    .map((Posting p) -> Tuple.of(entryId, p.account(), p.amount(), currency)).toList();
                return conn.preparedQuery("INSERT INTO posting (entry_id, account, amount, currency) VALUES ($1, $2, $3, $4)").executeBatch(legs);
              })
              .compose(x -> audit(conn, confirmedBy, "collector.remittance", collector.id().toString(), new JsonObject().put("slip", slipReference)
                  .put("amount", amount).put("position", position).put("shortfall", shortfall)))
              .map(x -> new Remitted(id, position, amount, shortfall, deposits));
        }))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new DuplicateSlip(slipReference) : e));
  }

  /** One collector's figures over the last 30 days, for the anomalies report. */
  public record CollectorFigures(UUID id, String name, String sectionId, int wrongPins, OffsetDateTime pinDelaysStarted,
      OffsetDateTime pinDelayedUntil, long position, OffsetDateTime heldSince, long pending,
      int disputes, int autoConfirmed, int enteredLate, long collectedThisMonth, int shortfalls, long shortfallTotal) {}

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

  private static Future<Void> audit(SqlConnection conn, String actor, String action, String subject, JsonObject detail) {
    return audit(conn, Actor.system(actor), action, subject, detail);
  }

  private static Future<Void> audit(SqlConnection conn, Actor actor, String action, String subject, JsonObject detail) {
    return conn.preparedQuery("INSERT INTO audit_log (actor, account_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(actor.name(), actor.accountId(), action, subject, detail)).mapEmpty();
  }
}
