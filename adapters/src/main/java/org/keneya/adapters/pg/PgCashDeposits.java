package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.collectors.AnsweredBy;
import org.keneya.flows.collectors.CashDeposit;
import org.keneya.flows.collectors.DepositAnswer;
import org.keneya.flows.collectors.DepositRecording;
import org.keneya.flows.collectors.DepositStatus;
import org.keneya.flows.collectors.NewDeposit;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentState;

/**
 * Cash deposits entered by collectors, stored as {@link DepositRecording} and {@link DepositAnswer}
 * plan them. A deposit waits for its member behind a payment intent of provider {@code cash}
 * (status AWAITING_MEMBER, never polled); the member's confirmation books it through {@link
 * PgPayments#confirmWithin} in the same transaction, so a deposit confirmed twice, or by SMS and the
 * auto-confirmation at once, makes one receipt.
 */
public final class PgCashDeposits {
  private static final String[] DISPUTED_FROM = PaymentState.codes(PaymentState.FAILED.from(PaymentState.AWAITING_MEMBER));
  private final Pool pool;
  private final PgPayments payments;
  private final Messages messages;
  private final ZoneId zone;

  /** @param zone the members' time zone: a deposit is paid on the day it was collected there */
  public PgCashDeposits(Pool pool, PgPayments payments, Messages messages, ZoneId zone) {
    this.pool = pool;
    this.payments = payments;
    this.messages = messages;
    this.zone = zone;
  }

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
   * one deposit however often it is confirmed.
   */
  public Future<Recorded> record(NewDeposit deposit, String mutualId, String sectionId) {
    return pool.preparedQuery("SELECT id, code, amount FROM cash_deposit WHERE channel_ref = $1").execute(Tuple.of(deposit.channelRef()))
        .compose(existing -> {
          if (existing.size() > 0) {
            Row r = existing.iterator().next();
            return Future.succeededFuture(new Recorded(r.getUUID("id"), r.getString("code"), r.getLong("amount"), false));
          }
          UUID intentId = UUID.randomUUID();
          UUID depositId = UUID.randomUUID();
          DepositRecording plan = DepositRecording.plan(messages, depositId, deposit, deposit.collectedAt().atZone(zone).toLocalDate());
          Money amount = plan.amount();
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
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                  ON CONFLICT (mutual_id, code) WHERE status = 'PENDING' DO NOTHING RETURNING id""")
                  .execute(Tuple.from(List.of(depositId, deposit.code(), mutualId, sectionId, deposit.collectorId(), deposit.householdId(),
                      intentId, amount.amount(), amount.currency(), deposit.periods(), deposit.channelRef(),
                      deposit.collectedAt().atOffset(ZoneOffset.UTC), DepositStatus.PENDING.name()))))
              .compose(rows -> rows.size() == 0 ? Future.<Void>failedFuture(new CodeTaken())
                  : Outbox.queueNew(conn, plan.smsKey(), plan.toMember()))
              .map(x -> new Recorded(depositId, deposit.code(), amount.amount(), true)));
        });
  }

  /** What became of a member's answer to a deposit. */
  public sealed interface Answer {
    /** Confirmed now: booked as {@code receiptNumber}. */
    record Confirmed(CashDeposit deposit, String receiptNumber) implements Answer {}

    /** Disputed now: nothing booked. */
    record Disputed(CashDeposit deposit) implements Answer {}

    /** Answered before (confirmed, auto-confirmed or disputed): nothing more done. */
    record AlreadyAnswered(CashDeposit deposit) implements Answer {}

    /** No deposit with that code for this member's number. */
    record Unknown() implements Answer {}
  }

  /**
   * The answer of {@code by} to deposit {@code code}, from {@code headMsisdn} (the household head's
   * number; null for the auto-confirmation, which names the deposit by {@code depositId}), carried
   * out as {@link DepositAnswer} plans it, in one transaction.
   */
  public Future<Answer> answer(String code, String headMsisdn, UUID depositId, boolean confirmed, AnsweredBy by) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT d.id, d.code, d.status, d.payment_intent_id, d.amount, d.currency, d.collected_at, h.member_number, h.head_msisdn,
                   h.language, m.code AS mutual_code, c.name AS collector_name, c.msisdn AS collector_msisdn
              FROM cash_deposit d JOIN household h ON h.id = d.household_id JOIN mutual m ON m.id = d.mutual_id
              JOIN collector c ON c.id = d.collector_id
             WHERE ($3::uuid IS NOT NULL AND d.id = $3) OR ($3::uuid IS NULL AND d.code = $1 AND h.head_msisdn = $2)
             ORDER BY d.entered_at DESC LIMIT 1
             FOR UPDATE OF d""")
        .execute(Tuple.tuple().addString(code).addString(headMsisdn).addUUID(depositId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new Answer.Unknown());
          Row r = rows.iterator().next();
          CashDeposit deposit = new CashDeposit(r.getUUID("id"), r.getString("code"), DepositStatus.valueOf(r.getString("status")),
              r.getString("mutual_code"), r.getString("member_number"), r.getString("head_msisdn"), r.getString("language"),
              r.getString("collector_name"), r.getString("collector_msisdn"), Money.of(r.getLong("amount"), r.getString("currency")),
              r.getOffsetDateTime("collected_at").atZoneSameInstant(zone).toLocalDate());
          UUID intentId = r.getUUID("payment_intent_id");
          DepositAnswer plan = DepositAnswer.plan(messages, deposit, confirmed, by);
          if (plan instanceof DepositAnswer.AlreadyAnswered) return Future.succeededFuture(new Answer.AlreadyAnswered(deposit));
          if (plan instanceof DepositAnswer.Dispute dispute) return dispute(conn, deposit, intentId, by, dispute);
          return confirm(conn, deposit, intentId, by, (DepositAnswer.Confirm) plan);
        }));
  }

  private Future<Answer> dispute(SqlConnection conn, CashDeposit deposit, UUID intentId, AnsweredBy by, DepositAnswer.Dispute plan) {
    return conn.preparedQuery("UPDATE cash_deposit SET status = $2, resolved_at = now() WHERE id = $1")
        .execute(Tuple.of(deposit.id(), DepositStatus.DISPUTED.name()))
        .compose(x -> conn.preparedQuery("""
            UPDATE payment_intent SET status = $2, failure_reason = $4, updated_at = now()
             WHERE id = $1 AND status = ANY($3)""")
            .execute(Tuple.of(intentId, PaymentState.FAILED.code(), DISPUTED_FROM, plan.paymentFailure())))
        // The intent awaits its member as long as its deposit does: anything else is a bug, and keeps nothing.
        .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
            : StatusChange.refused(intentId, "a disputed deposit's payment no longer awaits its member"))
        .compose(x -> AuditLog.record(conn, Actor.system(by.code()), plan.audit()))
        .compose(x -> toCollector(conn, deposit, plan.toCollector()))
        .map(x -> new Answer.Disputed(deposit));
  }

  private Future<Answer> confirm(SqlConnection conn, CashDeposit deposit, UUID intentId, AnsweredBy by, DepositAnswer.Confirm plan) {
    return conn.preparedQuery("UPDATE cash_deposit SET status = $3, confirmed_by = $2, resolved_at = now() WHERE id = $1")
        .execute(Tuple.of(deposit.id(), by.code(), DepositStatus.CONFIRMED.name()))
        .compose(x -> payments.confirmWithin(conn, intentId, plan.providerTransactionId(), plan.amount(), plan.paidOn(), plan.memo()))
        .compose(confirmation -> {
          if (!(confirmation instanceof Confirmation.Booked booked)) {
            return Future.failedFuture(new IllegalStateException("cash deposit " + deposit.id() + " not booked: " + confirmation));
          }
          return toCollector(conn, deposit, DepositAnswer.booked(messages, deposit, by, booked.receiptNumber()))
              .map(x -> (Answer) new Answer.Confirmed(deposit, booked.receiptNumber()));
        });
  }

  private static Future<Void> toCollector(SqlConnection conn, CashDeposit deposit, OutboxMessage.Sms sms) {
    return Outbox.queue(conn, DepositAnswer.smsKey(deposit), sms).mapEmpty();
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
}
