package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * How an {@link OutboxMessage} is written in the {@code outbox} table and read back: its topic and
 * the keys of its JSON payload are known here and nowhere else. Messages are queued on the caller's
 * connection, so they commit or roll back with the change that produced them.
 */
public final class Outbox {
  public static final String SMS = "sms";
  public static final String LEDGER = "ledger";

  private static final String TO = "to";
  private static final String MESSAGE = "message";
  private static final String RECEIPT = "receipt";
  private static final String QUIET = "quiet";
  private static final String HOUSEHOLD = "household";

  private static final String MUTUAL = "mutual";
  private static final String ENTRY_ID = "entryId";
  private static final String KIND = "kind";
  private static final String RECEIPT_NUMBER = "receiptNumber";
  private static final String DATE = "date";
  private static final String MEMO = "memo";
  private static final String CURRENCY = "currency";
  private static final String POSTINGS = "postings";
  private static final String ACCOUNT = "account";
  private static final String AMOUNT = "amount";

  private static final String INSERT_ONCE =
      "INSERT INTO outbox (topic, dedup_key, payload) VALUES ($1, $2, $3) ON CONFLICT (dedup_key) DO NOTHING";

  private Outbox() {}

  /** A message with the key that queues it once. */
  public record Queued(String dedupKey, OutboxMessage message) {}

  /** Queues {@code message} under {@code dedupKey}; a key already queued queues nothing (completes with false). */
  public static Future<Boolean> queue(SqlClient client, String dedupKey, OutboxMessage message) {
    return client.preparedQuery(INSERT_ONCE)
        .execute(Tuple.of(topic(message), dedupKey, payload(message)))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Queues {@code message} under {@code dedupKey}, which must be new: a key already queued fails the
   * statement (and the caller's transaction), for a message whose repetition would be a bug.
   */
  public static Future<Void> queueNew(SqlClient client, String dedupKey, OutboxMessage message) {
    return client.preparedQuery("INSERT INTO outbox (topic, dedup_key, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of(topic(message), dedupKey, payload(message)))
        .mapEmpty();
  }

  /** Queues each message as {@link #queue} does, in one batch. */
  public static Future<Void> queueAll(SqlClient client, List<Queued> messages) {
    if (messages.isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = messages.stream().map(q -> Tuple.of(topic(q.message()), q.dedupKey(), payload(q.message()))).toList();
    return client.preparedQuery(INSERT_ONCE)
        .executeBatch(rows)
        .mapEmpty();
  }

  /**
   * Queues {@code message} again under {@code dedupKey}, due in {@code delaySeconds}, noting the row
   * {@code redeliveryOf} it repeats; a key already queued queues nothing (completes with false).
   */
  static Future<Boolean> queueRedelivery(SqlClient client, String dedupKey, OutboxMessage message, int delaySeconds, long redeliveryOf) {
    return client.preparedQuery("""
        INSERT INTO outbox (topic, dedup_key, payload, next_attempt_at, redelivery_of)
        VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5) ON CONFLICT (dedup_key) DO NOTHING""")
        .execute(Tuple.of(topic(message), dedupKey, payload(message), delaySeconds, redeliveryOf))
        .map(rows -> rows.rowCount() > 0);
  }

  public static String topic(OutboxMessage message) {
    return message instanceof OutboxMessage.Sms ? SMS : LEDGER;
  }

  /** The stored payload of {@code message}. */
  public static JsonObject payload(OutboxMessage message) {
    if (message instanceof OutboxMessage.Sms sms) {
      JsonObject json = new JsonObject().put(TO, sms.to()).put(MESSAGE, sms.text());
      if (sms.receipt() != null) json.put(RECEIPT, sms.receipt());
      if (sms.quiet()) json.put(QUIET, true);
      if (sms.reminderOf() != null) json.put(HOUSEHOLD, sms.reminderOf().toString());
      return json;
    }
    OutboxMessage.LedgerEntry entry = (OutboxMessage.LedgerEntry) message;
    JsonArray legs = new JsonArray();
    for (Posting p : entry.postings()) legs.add(new JsonObject().put(ACCOUNT, p.account()).put(AMOUNT, p.amount()));
    return new JsonObject()
        .put(MUTUAL, entry.mutual())
        .put(ENTRY_ID, entry.entryId())
        .put(KIND, entry.kind())
        .put(RECEIPT_NUMBER, entry.receiptNumber())
        .put(DATE, entry.date().toString())
        .put(MEMO, entry.memo())
        .put(CURRENCY, entry.currency())
        .put(POSTINGS, legs);
  }

  /** The message a row of {@code topic} holds; fails with IllegalArgumentException when its payload is missing a field or malformed. */
  public static OutboxMessage read(String topic, JsonObject payload) {
    try {
      return switch (topic) {
        case SMS -> new OutboxMessage.Sms(payload.getString(TO), payload.getString(MESSAGE), payload.getString(RECEIPT),
            payload.getBoolean(QUIET, false), payload.getString(HOUSEHOLD) == null ? null : UUID.fromString(payload.getString(HOUSEHOLD)));
        case LEDGER -> ledgerEntry(payload);
        default -> throw new IllegalArgumentException("no message of topic " + topic);
      };
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a message of topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private static OutboxMessage.LedgerEntry ledgerEntry(JsonObject json) {
    JsonArray legs = json.getJsonArray(POSTINGS);
    if (legs == null) throw new IllegalArgumentException("no postings");
    List<Posting> postings = new ArrayList<>();
    for (int i = 0; i < legs.size(); i++) {
      JsonObject leg = legs.getJsonObject(i);
      postings.add(new Posting(Objects.requireNonNull(leg.getString(ACCOUNT), ACCOUNT), Objects.requireNonNull(leg.getLong(AMOUNT), AMOUNT)));
    }
    Long entryId = json.getLong(ENTRY_ID);
    if (entryId == null) throw new IllegalArgumentException("no entryId");
    String date = json.getString(DATE);
    return new OutboxMessage.LedgerEntry(json.getString(MUTUAL), entryId, json.getString(KIND), json.getString(RECEIPT_NUMBER),
        date == null ? null : LocalDate.parse(date), json.getString(MEMO), json.getString(CURRENCY), postings);
  }

  /** The mutual a ledger payload names, even one too damaged to read whole; null when it names none. */
  public static String ledgerMutual(JsonObject payload) {
    return payload.getValue(MUTUAL) instanceof String mutual ? mutual : null;
  }

  // ---- The same keys in SQL, for statements that select or build payloads in the database ----------------

  /** A condition on {@code outbox} rows: the SMS waits out the quiet hours. */
  static final String QUIET_SQL = "payload ? '" + QUIET + "'";
  /** A condition on {@code outbox} rows aliased {@code o}: the SMS is a payment reminder. */
  static final String REMINDER_SQL = "o.payload ? '" + HOUSEHOLD + "'";
  /** The household a reminder (an {@code outbox} row aliased {@code o}) is for. */
  static final String REMINDED_HOUSEHOLD_SQL = "(o.payload->>'" + HOUSEHOLD + "')::uuid";
  /** The mutual of a ledger entry's {@code outbox} row. */
  static final String LEDGER_MUTUAL_SQL = "payload->>'" + MUTUAL + "'";

  /** The postings of journal entry {@code entryId} (an SQL expression) as a ledger payload holds them, in the order they were written. */
  static String postingsJson(String entryId) {
    return "(SELECT jsonb_agg(jsonb_build_object('%s', p.account, '%s', p.amount) ORDER BY p.id) FROM posting p WHERE p.entry_id = %s)"
        .formatted(ACCOUNT, AMOUNT, entryId);
  }

  /**
   * A ledger payload built from the row {@code e}, whose columns are named {@code mutual_id, id, kind,
   * receipt_number, day, memo, currency, postings} (the last as {@link #postingsJson} gives it).
   */
  static String ledgerEntryJson(String e) {
    return "jsonb_build_object('%2$s', %1$s.mutual_id, '%3$s', %1$s.id, '%4$s', %1$s.kind, '%5$s', %1$s.receipt_number, '%6$s', %1$s.day,"
        .formatted(e, MUTUAL, ENTRY_ID, KIND, RECEIPT_NUMBER, DATE)
        + " '%2$s', %1$s.memo, '%3$s', %1$s.currency, '%4$s', %1$s.postings)".formatted(e, MEMO, CURRENCY, POSTINGS);
  }
}
