package org.keneya.adapters.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.payments.Booking;
import org.keneya.flows.payments.PaymentState;

/**
 * Payment intents and what their confirmation books: the receipt, its journal entry and the receipt
 * SMS, all in one transaction, exactly once per intent.
 */
public final class PgPayments {
  // Derived getters (memberPays, ...) are written too; reading ignores them.
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String INTENT_COLUMNS =
      "id, household_id, provider, provider_reference, payer_msisdn, amount, currency, quote, language, status, checks, created_at";
  // The changes of status made by a statement's WHERE clause, checked against the table when the class loads.
  private static final String[] REQUESTED_FROM = PaymentState.codes(PaymentState.PENDING.from(PaymentState.INITIATING));
  /** A wallet's failure: a cash deposit fails only by its member's dispute. */
  private static final String[] FAILS_FROM =
      PaymentState.codes(PaymentState.FAILED.from(PaymentState.INITIATING, PaymentState.PENDING, PaymentState.EXPIRED));
  private static final String[] EXPIRES_FROM = PaymentState.codes(PaymentState.EXPIRED.from(PaymentState.INITIATING, PaymentState.PENDING));

  private final Pool pool;
  private final KeneyaConfig config;
  private final Messages messages;
  private final PgLedgerOutbox ledgerOutbox;

  public PgPayments(Pool pool, KeneyaConfig config, Messages messages) {
    this.pool = pool;
    this.config = config;
    this.messages = messages;
    this.ledgerOutbox = new PgLedgerOutbox(pool);
  }

  /**
   * Records the intent before the wallet is asked, for {@code beneficiaries} (null: the whole
   * household as it stands when the payment is confirmed). {@code channelRef} (e.g. the USSD session) makes
   * this idempotent: a second call with it returns the intent the first one created. Fails with
   * {@link PaymentAlreadyOpen} when another payment of the household still waits for an answer.
   */
  public Future<PaymentIntent> createIntent(UUID householdId, List<UUID> beneficiaries, String provider, String payerMsisdn,
      ContributionQuote quote, String language, String channelRef, Instant firstCheckAt) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("""
        INSERT INTO payment_intent (id, household_id, enrolment_id, provider, payer_msisdn, amount, currency, quote, language,
                                    channel_ref, status, next_check_at, beneficiaries)
        SELECT $1, $2, e.id, $3, $4, $5, $6, $7, $8, $9, $12, $10, $11
          FROM enrolment e WHERE e.household_id = $2 AND e.ended_on IS NULL
        ON CONFLICT (channel_ref) DO NOTHING RETURNING\s""" + INTENT_COLUMNS)
        .execute(Tuple.from(java.util.Arrays.asList(id, householdId, provider, payerMsisdn, quote.memberPays(), quote.currency(),
            new JsonObject(write(quote)), language, channelRef, firstCheckAt.atOffset(ZoneOffset.UTC),
            beneficiaries == null ? null : beneficiaries.toArray(new UUID[0]), PaymentState.INITIATING.code())))
        // Only a repeated call (same channelRef) needs the second read, of the intent the first one created.
        .compose(inserted -> inserted.size() > 0 ? Future.succeededFuture(inserted)
            : pool.preparedQuery("SELECT " + INTENT_COLUMNS + " FROM payment_intent WHERE channel_ref = $1").execute(Tuple.of(channelRef)))
        .map(rows -> toIntent(rows.iterator().next()))
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()) && String.valueOf(pg.getConstraint()).equals("payment_intent_one_open")
            ? Future.failedFuture(new PaymentAlreadyOpen(householdId))
            : Future.failedFuture(e));
  }

  /** The household already has a payment waiting for the wallet's answer; a second one is refused. */
  public static final class PaymentAlreadyOpen extends RuntimeException {
    public PaymentAlreadyOpen(UUID householdId) {
      super("household " + householdId + " already has a payment waiting for an answer");
    }
  }

  public Future<Optional<PaymentIntent>> find(UUID id) {
    return pool.preparedQuery("SELECT " + INTENT_COLUMNS + " FROM payment_intent WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toIntent(rows.iterator().next())));
  }

  /** The intent the provider knows by {@code providerReference} (its pay token, checkout session id...). */
  public Future<Optional<PaymentIntent>> findByProviderReference(String provider, String providerReference) {
    return pool.preparedQuery("SELECT " + INTENT_COLUMNS + " FROM payment_intent WHERE provider = $1 AND provider_reference = $2")
        .execute(Tuple.of(provider, providerReference))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toIntent(rows.iterator().next())));
  }

  /**
   * The provider accepted the request: now we wait for the member's PIN. {@code providerReference}
   * (null when the provider uses ours) is kept to ask the status by.
   */
  public Future<Void> markRequested(UUID id, String providerReference) {
    return pool.preparedQuery("""
        UPDATE payment_intent SET status = CASE WHEN status = ANY($3) THEN $4 ELSE status END,
               provider_reference = coalesce($2, provider_reference), updated_at = now()
         WHERE id = $1""")
        .execute(Tuple.of(id, providerReference, REQUESTED_FROM, PaymentState.PENDING.code())).mapEmpty();
  }

  /** Keeps the provider's id of a request learnt another way (a failed request, a callback), if none is known yet. */
  public Future<Void> rememberProviderReference(UUID id, String providerReference) {
    return pool.preparedQuery("UPDATE payment_intent SET provider_reference = $2 WHERE id = $1 AND provider_reference IS NULL")
        .execute(Tuple.of(id, providerReference)).mapEmpty();
  }

  /** Whether the provider's notification {@code eventId} was already acted on. */
  public Future<Boolean> eventSeen(String provider, String eventId) {
    return pool.preparedQuery("SELECT 1 FROM callback_event WHERE provider = $1 AND event_id = $2").execute(Tuple.of(provider, eventId))
        .map(rows -> rows.size() > 0);
  }

  /** Records that notification {@code eventId} was acted on, once it has been (a repeat of it is then skipped). */
  public Future<Void> recordEvent(String provider, String eventId, UUID intentId, String outcome) {
    return recordEvent(pool, provider, eventId, intentId, outcome);
  }

  /** As {@link #recordEvent(String, String, UUID, String)}, within a transaction of {@code client}'s (a booking's, say). */
  public Future<Void> recordEvent(io.vertx.sqlclient.SqlClient client, String provider, String eventId, UUID intentId, String outcome) {
    return client.preparedQuery("""
        INSERT INTO callback_event (provider, event_id, intent_id, outcome) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(provider, eventId, intentId, outcome)).mapEmpty();
  }

  /** Resolves an open intent as failed; returns false when it was already resolved. */
  public Future<Boolean> markFailed(UUID id, String reason) {
    return pool.preparedQuery("""
        UPDATE payment_intent SET status = $3, failure_reason = $2, updated_at = now()
         WHERE id = $1 AND status = ANY($4)""")
        .execute(Tuple.of(id, reason, PaymentState.FAILED.code(), FAILS_FROM)).map(rows -> rows.rowCount() > 0);
  }

  /** Gives up waiting on an open intent; a success reported later is still booked. */
  public Future<Boolean> markExpired(UUID id) {
    return pool.preparedQuery("""
        UPDATE payment_intent SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3)""")
        .execute(Tuple.of(id, PaymentState.EXPIRED.code(), EXPIRES_FROM)).map(rows -> rows.rowCount() > 0);
  }

  public Future<Void> scheduleCheck(UUID id, Instant at) {
    return pool.preparedQuery("UPDATE payment_intent SET next_check_at = $2 WHERE id = $1")
        .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /**
   * Claims open intents whose status check is due. Each is leased for {@code leaseSeconds} (its next
   * check pushed back), so another gateway instance does not check it at the same time.
   */
  public Future<List<PaymentIntent>> claimDue(int limit, int leaseSeconds) {
    // The open states as literals: the partial index payment_intent_due serves only a query that repeats its predicate.
    return pool.preparedQuery("""
        UPDATE payment_intent SET next_check_at = now() + make_interval(secs => $2), checks = checks + 1
         WHERE id IN (SELECT id FROM payment_intent
                       WHERE status IN (%s) AND next_check_at <= now()
                       ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING %s""".formatted(PaymentState.sqlList(PaymentState.OPEN), INTENT_COLUMNS))
        .execute(Tuple.of(limit, leaseSeconds))
        .map(rows -> {
          List<PaymentIntent> list = new ArrayList<>();
          rows.forEach(r -> list.add(toIntent(r)));
          return list;
        });
  }

  /**
   * Books a payment the provider has confirmed (by a verified callback or our own status check):
   * receipt with the mutual's next receipt number, balanced journal entry, receipt SMS in the
   * outbox, intent resolved. Runs at most once per intent, however often and concurrently it is called.
   */
  public Future<Confirmation> confirm(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn) {
    return confirm(intentId, providerTransactionId, confirmed, paidOn, (conn, confirmation) -> Future.succeededFuture());
  }

  /**
   * As {@link #confirm(UUID, String, Money, LocalDate)}, with {@code alsoRecord} run in the same
   * transaction once the outcome is known (an audit record of who booked it by hand, say), so
   * that the booking and its record commit together or not at all.
   */
  public Future<Confirmation> confirm(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn,
      java.util.function.BiFunction<SqlConnection, Confirmation, Future<Void>> alsoRecord) {
    return pool.withTransaction(conn -> confirmWithin(conn, intentId, providerTransactionId, confirmed, paidOn, "Wallet payment " + intentId)
        .compose(confirmation -> alsoRecord.apply(conn, confirmation).map(confirmation)));
  }

  /**
   * As {@link #confirm(UUID, String, Money, LocalDate)}, inside the caller's transaction {@code conn}
   * (a cash deposit's confirmation books with it), the journal entry described by {@code memo}.
   */
  public Future<Confirmation> confirmWithin(SqlConnection conn, UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn,
      String memo) {
    return conn.preparedQuery("""
            SELECT p.status, p.amount, p.currency, p.quote, p.language, p.provider, p.payer_msisdn, p.household_id, p.beneficiaries,
                   h.mutual_id, h.member_number, m.code AS mutual_code, e.product_id,
                   (SELECT r.receipt_number FROM receipt r WHERE r.payment_intent_id = p.id) AS receipt_number
              FROM payment_intent p
              JOIN household h ON h.id = p.household_id
              JOIN mutual m ON m.id = h.mutual_id
              JOIN enrolment e ON e.id = p.enrolment_id
             WHERE p.id = $1 FOR UPDATE OF p""")
        .execute(Tuple.of(intentId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new Confirmation.UnknownPayment());
          Row row = rows.iterator().next();
          PaymentState status = PaymentState.of(row.getString("status"));
          if (status.booked()) {
            return Future.succeededFuture(new Confirmation.AlreadyBooked(row.getString("receipt_number")));
          }
          Money asked = Money.of(row.getLong("amount"), row.getString("currency"));
          if (!asked.equals(confirmed)) {
            String reason = "confirmed " + confirmed + " but " + asked + " was asked";
            return StatusChange.check(intentId, status, PaymentState.REVIEW)
                .compose(x -> conn.preparedQuery("""
                    UPDATE payment_intent SET status = $4, failure_reason = $2, provider_transaction_id = $3, updated_at = now()
                     WHERE id = $1""")
                    .execute(Tuple.of(intentId, reason, providerTransactionId, PaymentState.REVIEW.code())))
                .map(x -> new Confirmation.HeldForReview(reason));
          }
          return StatusChange.check(intentId, status, PaymentState.SUCCESSFUL)
              .compose(x -> book(conn, intentId, row, providerTransactionId, paidOn, memo));
        });
  }

  private Future<Confirmation> book(SqlConnection conn, UUID intentId, Row intent, String providerTransactionId, LocalDate paidOn,
      String memo) {
    UUID householdId = intent.getUUID("household_id");
    String mutualId = intent.getString("mutual_id");
    ProductConfig product = config.product(intent.getString("product_id"))
        .orElseThrow(() -> new IllegalStateException("product " + intent.getString("product_id") + " is no longer configured"));
    Booking.Intent booking = new Booking.Intent(UUID.randomUUID(), mutualId, intent.getString("mutual_code"), intent.getString("member_number"),
        read(intent.getJsonObject("quote").encode()), intent.getString("provider"), paidOn, intent.getString("language"),
        intent.getString("payer_msisdn"), memo);
    int guaranteeFund = config.mutual(mutualId).map(m -> m.guaranteeFund()).orElse(org.keneya.config.MutualConfig.DEFAULT_GUARANTEE_FUND_PERCENT);
    // Locking the household serialises two payments of the same household, so their periods follow on.
    return conn.preparedQuery("SELECT id FROM household WHERE id = $1 FOR UPDATE").execute(Tuple.of(householdId))
        .compose(x -> conn.preparedQuery("""
            SELECT m.id, min(c.paid_on) AS first_paid_on, max(c.covered_until) AS covered_until,
                   coalesce(json_agg(json_build_object('paid_on', c.paid_on, 'from', c.covered_from, 'until', c.covered_until))
                            FILTER (WHERE c.member_id IS NOT NULL), '[]') AS periods
              FROM member m LEFT JOIN receipt_member c ON c.member_id = m.id
             WHERE m.household_id = $1 AND ($2::uuid[] IS NULL OR m.id = ANY($2))
             GROUP BY m.id""")
            .execute(Tuple.tuple().addUUID(householdId).addArrayOfUUID(intent.getArrayOfUUIDs("beneficiaries"))))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(new IllegalStateException("payment " + intentId + " covers nobody"));
          List<Booking.Person> people = new ArrayList<>();
          for (Row person : rows) {
            people.add(new Booking.Person(person.getUUID("id"), person.getLocalDate("first_paid_on"), person.getLocalDate("covered_until"),
                PgHouseholds.periods(person.getValue("periods"))));
          }
          return write(conn, intentId, householdId, providerTransactionId, Booking.plan(booking, people, product, guaranteeFund));
        });
  }

  /**
   * Writes {@code plan}. Everything that points at the receipt first, its number last: the counter
   * of the mutual's receipt numbers stays locked from the numbering statement to commit only.
   */
  private Future<Confirmation> write(SqlConnection conn, UUID intentId, UUID householdId, String providerTransactionId, Booking plan) {
    Booking.Intent intent = plan.intent();
    Booking.Receipt receipt = plan.receipt();
    List<Tuple> covers = plan.covers().stream()
        .map(c -> Tuple.of(intent.receiptId(), c.memberId(), c.paidOn(), c.from(), c.until())).toList();
    Future<Long> journalEntry = conn.preparedQuery("""
            INSERT INTO receipt_member (receipt_id, member_id, paid_on, covered_from, covered_until) VALUES ($1, $2, $3, $4, $5)""")
        .executeBatch(covers)
        .compose(x -> JournalWriter.write(conn, plan.journalEntry()));
    return journalEntry
        .compose(x -> conn.preparedQuery("""
            UPDATE payment_intent SET status = $3, provider_transaction_id = $2, updated_at = now() WHERE id = $1""")
            .execute(Tuple.of(intentId, providerTransactionId, PaymentState.SUCCESSFUL.code())))
        .compose(x -> conn.preparedQuery("""
            WITH numbered AS (
              INSERT INTO mutual_counter (mutual_id, kind, last_value) VALUES ($2, 'receipt', 1)
              ON CONFLICT (mutual_id, kind) DO UPDATE SET last_value = mutual_counter.last_value + 1
              RETURNING last_value)
            INSERT INTO receipt (id, mutual_id, sequence_number, receipt_number, household_id, payment_intent_id, channel,
                                 amount, contribution, member_share, adhesion_fee, adhesion_fees, currency,
                                 covered_from, covered_until, paid_on)
            SELECT $1, $2, numbered.last_value, $3 || '-R' || CASE WHEN numbered.last_value < 10000000
                     THEN lpad(numbered.last_value::text, 7, '0') ELSE numbered.last_value::text END, $4, $5, $6,
                   $7, $8, $9, $10, $11, $12, $13, $14, $15
              FROM numbered
            RETURNING receipt_number""")
            .execute(Tuple.from(List.of(intent.receiptId(), intent.mutualId(), intent.mutualCode(), householdId, intentId, receipt.channel(),
                receipt.amount().amount(), receipt.contribution(), receipt.memberShare(), receipt.adhesionFee(), receipt.adhesionFees(),
                receipt.amount().currency(), receipt.coveredFrom(), receipt.coveredUntil(), receipt.paidOn()))))
        .compose(rows -> {
          String receiptNumber = rows.iterator().next().getString("receipt_number");
          return Outbox.queueNew(conn, Booking.receiptSmsKey(receiptNumber), plan.receiptSms(messages, receiptNumber))
              .compose(x -> queueForExternalLedger(conn, intent.mutualId(), journalEntry.result()))
              .map(x -> new Confirmation.Booked(receiptNumber, receipt.amount().amount()));
        });
  }

  /** The entry goes to the mutual's external ledger, when it has one, with the booking or not at all. */
  private Future<Boolean> queueForExternalLedger(SqlConnection conn, String mutualId, long entryId) {
    boolean hasLedger = config.mutual(mutualId).map(org.keneya.config.MutualConfig::externalLedger).isPresent();
    return hasLedger ? ledgerOutbox.enqueue(conn, mutualId, entryId) : Future.succeededFuture(false);
  }

  private static PaymentIntent toIntent(Row r) {
    return new PaymentIntent(r.getUUID("id"), r.getUUID("household_id"), r.getString("provider"), r.getString("provider_reference"),
        r.getString("payer_msisdn"),
        Money.of(r.getLong("amount"), r.getString("currency")), read(r.getJsonObject("quote").encode()), r.getString("language"),
        PaymentState.of(r.getString("status")), r.getInteger("checks"), r.getOffsetDateTime("created_at").toInstant());
  }

  /** A quote as stored with a payment. */
  public static String quoteJson(ContributionQuote quote) {
    return write(quote);
  }

  public static ContributionQuote quoteFrom(String json) {
    return read(json);
  }

  static String write(ContributionQuote quote) {
    try {
      return JSON.writeValueAsString(quote);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContributionQuote read(String json) {
    try {
      return JSON.readValue(json, ContributionQuote.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable quote " + json, e);
    }
  }
}
