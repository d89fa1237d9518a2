package org.keneya.adapters.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import org.keneya.adapters.pg.Outbox;
import org.keneya.config.ExternalLedgerConfig;
import org.keneya.flows.outbox.OutboxMessage;
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
  public Future<Posted> post(OutboxMessage.LedgerEntry entry) {
    return client.postAbs(entriesUrl)
        .timeout(config.timeoutMillis())
        .putHeader("Authorization", "Bearer " + config.apiKey())
        .putHeader("Idempotency-Key", entry.idempotencyKey())
        .putHeader("Accept", "application/json")
        .sendJsonObject(Outbox.payload(entry))
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
