package org.keneya.adapters.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.keneya.config.ExternalLedgerConfig;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.ports.RemoteFailure;

/**
 * Posts journal entries to a mutual's external ledger (its management software: openIMIS, an
 * accounting package) under the contract below. The contract is Keneya's own: an external ledger
 * speaks it directly or through a small bridge; it copies no third party's API.
 *
 * <h2>Request</h2>
 *
 * <pre>
 * POST {baseUrl}/entries
 * Authorization: Bearer {apiKey}
 * Idempotency-Key: MOP-R0000001
 * Content-Type: application/json
 *
 * {
 *   "mutual": "mopti-cercle",            the mutual's id in Keneya's configuration
 *   "entryId": 42,                        Keneya's journal entry id (unique within one Keneya database)
 *   "kind": "receipt",                    receipt | reversal | subsidy-received | ... (Keneya's journal_entry.kind)
 *   "receiptNumber": "MOP-R0000001",      the receipt the entry books or reverses; null when none
 *   "date": "2025-03-14",                 accounting date: a receipt's payment date, else the day the entry was booked (UTC)
 *   "memo": "Wallet payment 7d3c...",
 *   "currency": "XOF",                    ISO 4217; every posting is in it
 *   "postings": [                         at least two, summing to zero
 *     {"account": "wallet-clearing:orange", "amount": 2730},          positive: debit
 *     {"account": "contribution-income:mopti-annual", "amount": -8650} negative: credit
 *   ]
 * }
 * </pre>
 *
 * Amounts are whole minor units of the currency (XOF: francs) as JSON integers, never decimals.
 * Account names are Keneya's; mapping them onto the external chart of accounts is the receiver's job.
 *
 * <h2>Idempotency-Key</h2>
 *
 * One key per journal entry, the same on every attempt: the receipt number for a receipt's own
 * entry ({@code MOP-R0000001}); the receipt number and the kind for another entry of a receipt
 * ({@code MOP-R0000001:reversal}); the mutual and the entry id for an entry of no receipt
 * ({@code mopti-cercle:entry:42}). The receiver records the key with the entry and must not record
 * a second entry under a key it already holds.
 *
 * <h2>Answers</h2>
 *
 * <ul>
 *   <li>2xx: recorded. An optional JSON body {@code {"id": "..."}} gives the receiver's own reference, kept with the outbox row.
 *   <li>409: an entry under this Idempotency-Key is already recorded (an earlier attempt got through but
 *       its answer was lost): counted as recorded. A receiver that holds the key with a different body
 *       should answer 422, not 409, so the mismatch is not taken for success.
 *   <li>408, 429, 5xx, any other status, timeouts and connection failures: not recorded yet; posted again later
 *       with the same key.
 *   <li>Any other 4xx (400 malformed, 401/403 bad key, 404, 422 refused...): refused; sending the
 *       same request again cannot help ({@link RemoteFailure#permanent()}), an operator must look.
 * </ul>
 *
 * The API key never appears in what this class returns or throws.
 */
public final class ExternalLedgerClient {
  /** Room for the receiver's reason in an error, without filling the outbox row with a whole HTML page. */
  private static final int BODY_EXCERPT = 300;

  /** One journal entry as the contract's request body carries it (and as the outbox payload keeps it). */
  public record Entry(String mutual, long entryId, String kind, String receiptNumber, LocalDate date, String memo, String currency,
      List<Posting> postings) {
    public Entry {
      Objects.requireNonNull(mutual, "mutual");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(memo, "memo");
      Objects.requireNonNull(currency, "currency");
      postings = List.copyOf(postings);
      // The journal enforces balance at commit; checking again keeps a damaged payload away from the receiver's books.
      if (postings.size() < 2) throw new IllegalArgumentException("entry " + entryId + " has " + postings.size() + " posting(s), at least 2 needed");
      long sum = 0;
      for (Posting p : postings) sum = Math.addExact(sum, p.amount());
      if (sum != 0) throw new IllegalArgumentException("entry " + entryId + " is unbalanced: postings sum to " + sum);
    }

    /** The contract's Idempotency-Key of this entry (see the class documentation). */
    public String idempotencyKey() {
      if (receiptNumber == null) return mutual + ":entry:" + entryId;
      return kind.equals("receipt") ? receiptNumber : receiptNumber + ":" + kind;
    }

    public JsonObject toJson() {
      JsonArray legs = new JsonArray();
      for (Posting p : postings) legs.add(new JsonObject().put("account", p.account()).put("amount", p.amount()));
      return new JsonObject()
          .put("mutual", mutual)
          .put("entryId", entryId)
          .put("kind", kind)
          .put("receiptNumber", receiptNumber)
          .put("date", date.toString())
          .put("memo", memo)
          .put("currency", currency)
          .put("postings", legs);
    }

    /** Reads the request body shape back; fails with IllegalArgumentException when a field is missing or malformed. */
    public static Entry fromJson(JsonObject json) {
      try {
        JsonArray legs = json.getJsonArray("postings");
        if (legs == null) throw new IllegalArgumentException("no postings");
        List<Posting> postings = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
          JsonObject leg = legs.getJsonObject(i);
          postings.add(new Posting(Objects.requireNonNull(leg.getString("account"), "account"), Objects.requireNonNull(leg.getLong("amount"), "amount")));
        }
        Long entryId = json.getLong("entryId");
        if (entryId == null) throw new IllegalArgumentException("no entryId");
        String date = json.getString("date");
        return new Entry(json.getString("mutual"), entryId, json.getString("kind"), json.getString("receiptNumber"),
            date == null ? null : LocalDate.parse(date), json.getString("memo"), json.getString("currency"), postings);
      } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("not a journal entry: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The receiver has the entry. {@code alreadyRecorded}: it answered 409 (an earlier attempt got
   * through); {@code reference}: its own id of the entry when it gave one, else null.
   */
  public record Posted(int status, boolean alreadyRecorded, String reference) {}

  private final WebClient client;
  private final ExternalLedgerConfig config;
  private final String entriesUrl;

  public ExternalLedgerClient(Vertx vertx, ExternalLedgerConfig config) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("keneya-gateway").setConnectTimeout(config.timeoutMillis()));
    this.config = config;
    String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
    this.entriesUrl = base + "/entries";
  }

  /** How long after booking an entry not yet posted counts as stuck. */
  public Duration stuckAfter() {
    return Duration.ofMinutes(config.stuckAfterMinutes());
  }

  /** The longest one post may take. */
  public int timeoutMillis() {
    return config.timeoutMillis();
  }

  /** Posts {@code entry}; fails with a {@link RemoteFailure}, permanent when asking again cannot help. */
  public Future<Posted> post(Entry entry) {
    return client.postAbs(entriesUrl)
        .timeout(config.timeoutMillis())
        .putHeader("Authorization", "Bearer " + config.apiKey())
        .putHeader("Idempotency-Key", entry.idempotencyKey())
        .putHeader("Accept", "application/json")
        .sendJsonObject(entry.toJson())
        .recover(e -> Future.failedFuture(new RemoteFailure("external ledger not reached: " + describe(e), false)))
        .compose(this::answer);
  }

  private Future<Posted> answer(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status / 100 == 2) return Future.succeededFuture(new Posted(status, false, reference(response)));
    if (status == 409) return Future.succeededFuture(new Posted(status, true, reference(response)));
    boolean permanent = status / 100 == 4 && status != 408 && status != 429;
    return Future.failedFuture(new RemoteFailure("external ledger answered " + status + excerpt(response), permanent));
  }

  private static String reference(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      Object id = body == null ? null : body.getValue("id");
      return id == null ? null : String.valueOf(id);
    } catch (RuntimeException notJson) {
      // The contract makes the body optional: a 2xx without a readable one is still recorded.
      return null;
    }
  }

  private String excerpt(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) return "";
    String text = body.toString().strip().replaceAll("\\s+", " ");
    // A receiver that echoes the request back must not put our key into logs and the outbox row.
    text = text.replace(config.apiKey(), "****");
    return ": " + (text.length() > BODY_EXCERPT ? text.substring(0, BODY_EXCERPT) + "..." : text);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
