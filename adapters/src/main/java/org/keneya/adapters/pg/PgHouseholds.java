package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

/** Households, their members and enrolments in PostgreSQL. */
public final class PgHouseholds {
  /**
   * A household with everything the menus show, in one round trip (a USSD hop waits on it): its
   * members with their own cover and its latest {@code $2} receipts come back as JSON arrays.
   */
  private static final String SUMMARY = """
      SELECT h.id, h.mutual_id, h.section_id, h.member_number, h.head_msisdn, h.language, h.created_at,
             e.id AS enrolment_id, e.product_id, e.guarantee_level, e.started_on,
             (SELECT count(*) FROM member m WHERE m.household_id = h.id) AS persons,
             paid.fees_paid, paid.first_paid_on, paid.covered_until,
             (SELECT p.amount FROM payment_intent p WHERE p.household_id = h.id AND p.status IN (%s)
               ORDER BY p.created_at DESC LIMIT 1) AS pending_amount,
             (SELECT json_build_object('code', d.code, 'amount', d.amount, 'collector', c.name,
                                       'collected_at', d.collected_at)
                FROM cash_deposit d JOIN collector c ON c.id = d.collector_id
               WHERE d.household_id = h.id AND d.status = 'PENDING' ORDER BY d.entered_at DESC LIMIT 1) AS pending_deposit,
             (SELECT coalesce(json_agg(x ORDER BY x.member_number), '[]') FROM (
                SELECT m.id, m.member_number, m.name, m.birth_year, m.role,
                       min(c.paid_on) AS first_paid_on, max(c.covered_until) AS covered_until,
                       coalesce(json_agg(json_build_object('paid_on', c.paid_on, 'from', c.covered_from, 'until', c.covered_until))
                                FILTER (WHERE c.member_id IS NOT NULL), '[]') AS periods
                  FROM member m LEFT JOIN receipt_member c ON c.member_id = m.id
                 WHERE m.household_id = h.id GROUP BY m.id) x) AS members,
             (SELECT coalesce(json_agg(y ORDER BY y.created_at DESC, y.sequence_number DESC), '[]') FROM (
                SELECT r.id, r.receipt_number, r.channel, r.amount, r.contribution, r.member_share, r.adhesion_fee, r.currency,
                       r.paid_on, r.covered_from, r.covered_until, r.created_at, r.sequence_number
                  FROM receipt r WHERE r.household_id = h.id AND r.reversed_at IS NULL
                 ORDER BY r.created_at DESC, r.sequence_number DESC LIMIT $2) y) AS receipts
        FROM household h JOIN enrolment e ON e.household_id = h.id AND e.ended_on IS NULL
        CROSS JOIN LATERAL (SELECT coalesce(sum(r.adhesion_fees), 0) AS fees_paid, min(r.paid_on) AS first_paid_on,
                                   max(r.covered_until) AS covered_until
                              FROM receipt r WHERE r.household_id = h.id AND r.reversed_at IS NULL) paid
      """.formatted(PaymentState.sqlList(PaymentState.OPEN));

  private final Pool pool;

  public PgHouseholds(Pool pool) {
    this.pool = pool;
  }

  /** Makes the mutual and section tables match the configuration (sections are added, never dropped). */
  public Future<Void> syncMutuals(KeneyaConfig config) {
    return pool.withTransaction(conn -> {
      Future<?> chain = Future.succeededFuture();
      for (MutualConfig mutual : config.mutuals()) {
        chain = chain
            .compose(x -> conn.preparedQuery("""
                INSERT INTO mutual (id, code, name, currency) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, currency = EXCLUDED.currency""")
                .execute(Tuple.of(mutual.id(), mutual.code(), mutual.name(), mutual.currency())));
        for (MutualConfig.SectionConfig section : mutual.sections()) {
          chain = chain.compose(x -> conn.preparedQuery("""
              INSERT INTO section (mutual_id, id, name) VALUES ($1, $2, $3)
              ON CONFLICT (mutual_id, id) DO UPDATE SET name = EXCLUDED.name""")
              .execute(Tuple.of(mutual.id(), section.id(), section.name())));
        }
      }
      return chain.mapEmpty();
    });
  }

  /**
   * Enrols a validated household: numbers it (gapless, per mutual), its head and members, and its
   * product, and writes who enrolled it to the audit log, in one transaction. Fails with
   * {@link DuplicateHousehold} when the head's number already has a household in the mutual.
   */
  public Future<HouseholdRecord.Created> create(NewHousehold command, Msisdn head, LocalDate today, Actor enrolledBy) {
    UUID householdId = UUID.randomUUID();
    return pool.withTransaction(conn -> nextNumber(conn, command.mutual(), "household")
        .compose(sequence -> conn.preparedQuery("SELECT code FROM mutual WHERE id = $1").execute(Tuple.of(command.mutual()))
            .map(rows -> rows.iterator().next().getString(0) + "-" + String.format("%06d", sequence)))
        .compose(memberNumber -> conn.preparedQuery("""
            INSERT INTO household (id, mutual_id, section_id, member_number, head_msisdn, language)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mutual_id, head_msisdn) DO NOTHING RETURNING id""")
            .execute(Tuple.of(householdId, command.mutual(), command.section(), memberNumber, head.e164(),
                command.language() == null ? "fr" : command.language()))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(new DuplicateHousehold(head))
                : insertPeople(conn, householdId, memberNumber, command))
            .compose(members -> conn.preparedQuery("""
                INSERT INTO enrolment (id, household_id, product_id, guarantee_level, started_on) VALUES ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(UUID.randomUUID(), householdId, command.product(), command.guaranteeLevel(), today))
                .compose(x -> AuditLog.record(conn, enrolledBy, "household.enrolled", memberNumber, new JsonObject()
                    .put("household", householdId.toString()).put("mutual", command.mutual()).put("section", command.section())
                    .put("persons", members.size())))
                .map(x -> new HouseholdRecord.Created(householdId, memberNumber, members)))));
  }

  private Future<List<HouseholdRecord.Member>> insertPeople(SqlConnection conn, UUID householdId, String memberNumber, NewHousehold command) {
    List<HouseholdRecord.Member> people = new ArrayList<>();
    people.add(new HouseholdRecord.Member(UUID.randomUUID(), memberNumber + "-01", command.headName().strip(), command.headBirthYear(), "HEAD", null, null, List.of()));
    List<NewHousehold.NewMember> others = command.members() == null ? List.of() : command.members();
    for (int i = 0; i < others.size(); i++) {
      NewHousehold.NewMember m = others.get(i);
      people.add(new HouseholdRecord.Member(UUID.randomUUID(), memberNumber + String.format("-%02d", i + 2), m.name().strip(), m.birthYear(), "DEPENDANT", null, null, List.of()));
    }
    List<Tuple> batch = people.stream()
        .map(p -> Tuple.of(p.id(), householdId, p.memberNumber(), p.name(), p.birthYear(), p.role()))
        .toList();
    return conn.preparedQuery("INSERT INTO member (id, household_id, member_number, name, birth_year, role) VALUES ($1, $2, $3, $4, $5, $6)")
        .executeBatch(batch)
        .map(x -> List.copyOf(people));
  }

  /** The next number of a gapless per-mutual sequence, taken inside the caller's transaction. */
  static Future<Long> nextNumber(SqlClient conn, String mutualId, String kind) {
    return conn.preparedQuery("""
        INSERT INTO mutual_counter (mutual_id, kind, last_value) VALUES ($1, $2, 1)
        ON CONFLICT (mutual_id, kind) DO UPDATE SET last_value = mutual_counter.last_value + 1
        RETURNING last_value""")
        .execute(Tuple.of(mutualId, kind))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The household whose head calls from {@code msisdn}, with its members and latest receipts. */
  public Future<Optional<HouseholdRecord>> findByMsisdn(Msisdn msisdn, int receipts) {
    return load(SUMMARY + " WHERE h.head_msisdn = $1 ORDER BY h.created_at LIMIT 1", Tuple.of(msisdn.e164(), receipts));
  }

  /** The household with its members and receipts. */
  /** Records the household's STOP (true) or START (false): reminders and notices are not sent while it stands. */
  public Future<Void> setSmsOptOut(UUID householdId, boolean optOut) {
    return pool.preparedQuery("UPDATE household SET sms_opt_out = $2 WHERE id = $1").execute(Tuple.of(householdId, optOut)).mapEmpty();
  }

  /** The language the household's screens and SMS are in ("fr", "bm"). */
  public Future<Void> setLanguage(UUID householdId, String language) {
    return pool.preparedQuery("UPDATE household SET language = $2 WHERE id = $1").execute(Tuple.of(householdId, language)).mapEmpty();
  }

  /** The household of {@code memberNumber}, a household's number or one of its persons'. */
  public Future<Optional<HouseholdRecord>> findByMemberNumber(String memberNumber, int receipts) {
    return load(SUMMARY + """
         WHERE h.id = (SELECT household_id FROM member WHERE member_number = $1
                       UNION ALL SELECT id FROM household WHERE member_number = $1 LIMIT 1)""", Tuple.of(memberNumber, receipts));
  }

  public Future<Optional<HouseholdRecord>> findById(UUID id, int receipts) {
    return load(SUMMARY + " WHERE h.id = $1", Tuple.of(id, receipts));
  }

  private Future<Optional<HouseholdRecord>> load(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      if (rows.size() == 0) return Optional.<HouseholdRecord>empty();
      Row row = rows.iterator().next();
      return Optional.of(new HouseholdRecord(
          row.getUUID("id"), row.getString("mutual_id"), row.getString("section_id"), row.getString("member_number"),
          row.getString("head_msisdn"), row.getString("language"), row.getOffsetDateTime("created_at").toInstant(),
          new HouseholdRecord.Enrolment(row.getUUID("enrolment_id"), row.getString("product_id"),
              row.getString("guarantee_level"), row.getLocalDate("started_on")),
          row.getLong("persons").intValue(), members((JsonArray) row.getValue("members")),
          receipts((JsonArray) row.getValue("receipts")),
          row.getLong("fees_paid").intValue(), row.getLocalDate("first_paid_on"), row.getLocalDate("covered_until"),
          row.getLong("pending_amount"), pendingDeposit(row.getValue("pending_deposit"))));
    });
  }

  private static HouseholdRecord.PendingDeposit pendingDeposit(Object json) {
    if (json == null) return null;
    JsonObject d = json instanceof JsonObject object ? object : new JsonObject(json.toString());
    return new HouseholdRecord.PendingDeposit(d.getString("code"), d.getLong("amount"), d.getString("collector"),
        OffsetDateTime.parse(d.getString("collected_at")).toInstant());
  }

  private static List<HouseholdRecord.Member> members(JsonArray rows) {
    List<HouseholdRecord.Member> list = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject m = rows.getJsonObject(i);
      list.add(new HouseholdRecord.Member(UUID.fromString(m.getString("id")), m.getString("member_number"), m.getString("name"),
          m.getInteger("birth_year"), m.getString("role"), date(m, "first_paid_on"), date(m, "covered_until"),
          periods(m.getJsonArray("periods"))));
    }
    return list;
  }

  /** A person's paid periods from the JSON array the cover queries aggregate (as the client hands a json column back). */
  static List<org.keneya.flows.rights.RightsPolicy.PaidPeriod> periods(Object json) {
    List<org.keneya.flows.rights.RightsPolicy.PaidPeriod> list = new ArrayList<>();
    if (json == null) return list;
    JsonArray rows = json instanceof JsonArray array ? array : new JsonArray(json.toString());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject p = rows.getJsonObject(i);
      list.add(new org.keneya.flows.rights.RightsPolicy.PaidPeriod(date(p, "paid_on"), date(p, "from"), date(p, "until")));
    }
    return list;
  }

  private static List<HouseholdRecord.Receipt> receipts(JsonArray rows) {
    List<HouseholdRecord.Receipt> list = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      list.add(new HouseholdRecord.Receipt(UUID.fromString(r.getString("id")), r.getString("receipt_number"), r.getString("channel"),
          r.getLong("amount"), r.getLong("contribution"), r.getLong("member_share"), r.getLong("adhesion_fee"),
          r.getString("currency"), date(r, "paid_on"), date(r, "covered_from"), date(r, "covered_until"),
          OffsetDateTime.parse(r.getString("created_at")).toInstant()));
    }
    return list;
  }

  private static LocalDate date(JsonObject json, String field) {
    String value = json.getString(field);
    return value == null ? null : LocalDate.parse(value);
  }

  /** A household already exists for this head's number in this mutual. */
  public static final class DuplicateHousehold extends RuntimeException {
    public DuplicateHousehold(Msisdn msisdn) {
      super("a household is already registered for " + msisdn.masked() + " in this mutual");
    }
  }
}
