package org.keneya.adapters.wave;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.keneya.adapters.http.Hmac;
import org.keneya.adapters.http.WalletEndpoint;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.adapters.wallets.WalletSettings;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.WalletFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wave Checkout: a checkout session per payment (our reference id as {@code client_reference}),
 * whose {@code wave_launch_url} the member receives by SMS; status by session id, or by
 * {@code client_reference} when the session id never reached us; webhooks secured by the strategy
 * chosen for the merchant in Wave's portal. Shapes as published by Wave:
 * <ul>
 *   <li>https://docs.wave.com/checkout: base URL, {@code Authorization: Bearer <api key>}, the
 *       endpoints {@code POST /v1/checkout/sessions}, {@code GET /v1/checkout/sessions/:id},
 *       {@code GET /v1/checkout/sessions/search}, the checkout session object, error codes;</li>
 *   <li>https://docs.wave.com/webhook: the {@code {id, type, data}} event, the
 *       {@code checkout.session.completed} and {@code checkout.session.payment_failed} events,
 *       the two security strategies (bearer shared secret, or {@code Wave-Signature:
 *       t=<unix seconds>,v1=<hex>} with HMAC-SHA256 of the timestamp immediately followed by the
 *       raw body, several {@code v1} while a secret rotates), the 5-minute replay window, the
 *       5-second answer, duplicate deliveries.</li>
 * </ul>
 * Wave documents no idempotency key for checkout sessions (it does for payouts): a create whose
 * answer was lost is found again through the search by {@code client_reference}, not repeated.
 */
public final class WaveCheckout implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(WaveCheckout.class);
  static final String COMPLETED = "checkout.session.completed";
  static final String PAYMENT_FAILED = "checkout.session.payment_failed";
  /** Wave's own replay window for signed webhooks. */
  static final long SIGNATURE_TOLERANCE_SECONDS = 300;

  /**
   * Wave Checkout: the API key, and how webhooks are secured ({@code SIGNING}: HMAC signature in
   * {@code Wave-Signature} with {@code webhookSecret}; {@code SHARED_SECRET}: the secret as a bearer token).
   */
  public record Settings(String apiKey, String webhookSecret, WebhookSecurity webhookSecurity, String successUrl, String errorUrl)
      implements WalletSettings {
    public enum WebhookSecurity { SIGNING, SHARED_SECRET }

    @Override
    public List<String> missing() {
      List<String> missing = WalletSettings.blank("apiKey", apiKey, "webhookSecret", webhookSecret, "successUrl", successUrl,
          "errorUrl", errorUrl);
      if (webhookSecurity == null) missing.add("webhookSecurity");
      return missing;
    }
  }

  /** The configuration's {@code api: WAVE}. */
  public static final class Kind extends WalletKind<Settings> {
    public Kind() {
      super("WAVE", Settings.class, true, WaveCheckout::new);
    }
  }

  private final WalletEndpoint endpoint;
  private final Settings config;
  private final Clock clock;

  public WaveCheckout(Vertx vertx, WalletConfig wallet, Settings settings, String baseUrl, String callbackBaseUrl, Clock clock) {
    this.endpoint = WalletEndpoint.of(vertx, wallet, baseUrl, callbackBaseUrl);
    this.config = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  /** Where Wave must deliver this wallet's events: registered once in Wave's business portal, not sent per request. */
  public String webhookUrl() {
    return endpoint.callbackUrl();
  }

  @Override
  public boolean requestIsIdempotent() {
    // No documented idempotency key on checkout sessions: a repeated create makes a second session.
    return false;
  }

  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    String referenceId = order.referenceId();
    JsonObject body = new JsonObject()
        .put("amount", Long.toString(order.amount().amount()))
        .put("currency", order.amount().currency())
        .put("client_reference", referenceId)
        // Only the member's own Wave account can pay the link, and the session says who was asked.
        .put("restrict_payer_mobile", order.payer().e164())
        .put("success_url", config.successUrl())
        .put("error_url", config.errorUrl());
    return endpoint.client().postAbs(endpoint.baseUrl() + "/v1/checkout/sessions")
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Bearer " + config.apiKey())
        .sendJsonObject(body)
        .<Requested>compose(response -> {
          if (response.statusCode() != 200 && response.statusCode() != 201) {
            return Future.failedFuture(failure("create session " + referenceId, response));
          }
          JsonObject session = jsonObject(response, "create session " + referenceId);
          String sessionId = text(session, "id");
          String launchUrl = text(session, "wave_launch_url");
          if (sessionId == null || launchUrl == null) {
            return Future.failedFuture(new RemoteFailure("wave session answer without id or wave_launch_url", false));
          }
          requireOurs(session, referenceId);
          return Future.succeededFuture(new Requested(sessionId, launchUrl));
        })
        .onFailure(e -> LOG.warn("wave create session failed reference={} payer={} error={}", referenceId,
            order.payer().masked(), e.getMessage()))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    String referenceId = reference.referenceId();
    String sessionId = reference.providerReference();
    if (sessionId == null) return searchByReference(referenceId).toCompletionStage();
    return endpoint.client().getAbs(endpoint.baseUrl() + "/v1/checkout/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8))
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Bearer " + config.apiKey())
        .send()
        .compose(response -> {
          if (response.statusCode() == 404) return Future.succeededFuture((PaymentStatus) new PaymentStatus.Unknown());
          if (response.statusCode() != 200) return Future.failedFuture(failure("session " + sessionId, response));
          JsonObject session = jsonObject(response, "session " + sessionId);
          requireOurs(session, referenceId);
          return Future.succeededFuture(parseSession(session));
        })
        .toCompletionStage();
  }

  /**
   * Finds the session(s) Wave holds under our reference: a create whose answer was lost left us
   * without the session id. None means the create never reached Wave.
   */
  private Future<PaymentStatus> searchByReference(String referenceId) {
    return endpoint.client().getAbs(endpoint.baseUrl() + "/v1/checkout/sessions/search")
        .addQueryParam("client_reference", referenceId)
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Bearer " + config.apiKey())
        .send()
        .compose(response -> {
          if (response.statusCode() != 200) return Future.failedFuture(failure("search " + referenceId, response));
          JsonArray result = jsonObject(response, "search " + referenceId).getJsonArray("result");
          if (result == null) return Future.failedFuture(new RemoteFailure("wave search answer without result", false));
          List<PaymentStatus> statuses = new ArrayList<>();
          for (Object entry : result) {
            if (!(entry instanceof JsonObject session)) return Future.failedFuture(new RemoteFailure("wave search result is not a session", false));
            requireOurs(session, referenceId);
            statuses.add(parseSession(session));
          }
          return Future.succeededFuture(mostAdvanced(statuses));
        });
  }

  /** Money taken in any session is what counts; then a session the member can still pay; then the failure. */
  private static PaymentStatus mostAdvanced(List<PaymentStatus> statuses) {
    if (statuses.isEmpty()) return new PaymentStatus.Unknown();
    for (PaymentStatus status : statuses) if (status instanceof PaymentStatus.Successful) return status;
    for (PaymentStatus status : statuses) if (status instanceof PaymentStatus.Pending) return status;
    return statuses.get(0);
  }

  /**
   * Checks the shared secret or the signature, and the timestamp, before reading anything. Events
   * arrive at {@link #webhookUrl()}: the path names no payment; the event's data does.
   */
  @Override
  public CallbackVerdict readCallback(Callback callback) {
    String body = callback.body() == null ? "" : callback.body();
    String refusal = config.webhookSecurity() == Settings.WebhookSecurity.SHARED_SECRET ? checkBearer(callback) : checkSignature(callback, body);
    if (refusal != null) return new CallbackVerdict.Rejected(true, refusal);
    JsonObject event;
    try {
      event = new JsonObject(body);
    } catch (RuntimeException e) {
      return new CallbackVerdict.Rejected(false, "wave event is not a JSON object");
    }
    try {
      String eventId = text(event, "id");
      String type = text(event, "type");
      if (eventId == null || type == null) return new CallbackVerdict.Rejected(false, "wave event without id or type");
      if (!type.equals(COMPLETED) && !type.equals(PAYMENT_FAILED)) return new CallbackVerdict.Ignored("wave event " + type + " is not one we act on");
      JsonObject data = event.getJsonObject("data");
      String referenceId = data == null ? null : text(data, "client_reference");
      String sessionId = data == null ? null : text(data, "id");
      if (referenceId == null && sessionId == null) return new CallbackVerdict.Rejected(false, "wave event names no checkout session");
      PaymentStatus status = type.equals(COMPLETED) ? completedStatus(data) : new PaymentStatus.Failed(reason(data, "payment_failed"));
      return new CallbackVerdict.Claim(eventId, referenceId, sessionId, status, true);
    } catch (RuntimeException e) {
      return new CallbackVerdict.Rejected(false, "wave event is not in the documented shape");
    }
  }

  private static PaymentStatus completedStatus(JsonObject session) {
    try {
      return parseSession(session);
    } catch (RemoteFailure e) {
      // Genuine but unreadable: the gateway asks Wave rather than guess.
      return new PaymentStatus.Pending();
    }
  }

  private String checkBearer(Callback callback) {
    String authorization = callback.header("Authorization");
    if (authorization == null) return "no Authorization header";
    byte[] expected = ("Bearer " + config.webhookSecret()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8)) ? null : "wrong shared secret";
  }

  private String checkSignature(Callback callback, String body) {
    String header = callback.header("Wave-Signature");
    if (header == null) return "no Wave-Signature header";
    String timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int equals = part.indexOf('=');
      if (equals < 0) continue;
      String key = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      if (key.equals("t")) timestamp = value;
      else if (key.equals("v1")) signatures.add(value.toLowerCase(Locale.ROOT));
    }
    if (timestamp == null || signatures.isEmpty()) return "Wave-Signature without t or v1";
    long signedAt;
    try {
      signedAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return "Wave-Signature timestamp is not a number";
    }
    long now = clock.instant().getEpochSecond();
    // Compared this way round so that no timestamp, however large, can overflow past the check.
    if (signedAt < now - SIGNATURE_TOLERANCE_SECONDS || signedAt > now + SIGNATURE_TOLERANCE_SECONDS) {
      return "Wave-Signature timestamp is more than 5 minutes from now";
    }
    byte[] expected = signature(config.webhookSecret(), timestamp, body).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatures) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) return null;
    }
    return "no Wave-Signature v1 matches";
  }

  /** Hex HMAC-SHA256 of the timestamp immediately followed by the raw body: Wave puts no separator between them. */
  public static String signature(String secret, String timestamp, String body) {
    return Hmac.sha256Hex(secret, timestamp + body);
  }

  /** Reads a checkout session object (the same shape arrives as a webhook's data). */
  static PaymentStatus parseSession(JsonObject session) {
    String payment = text(session, "payment_status");
    String checkout = text(session, "checkout_status");
    if ("succeeded".equals(payment)) {
      String transactionId = text(session, "transaction_id");
      // Receipts are deduplicated on it: booking under any other id could book the same money twice.
      if (transactionId == null) throw new RemoteFailure("wave session succeeded without transaction_id", false);
      String currency = text(session, "currency");
      return new PaymentStatus.Successful(transactionId, Money.of(wholeUnits(session.getValue("amount")), currency == null ? "" : currency));
    }
    if ("expired".equals(checkout)) return new PaymentStatus.Failed(reason(session, "expired"));
    if ("cancelled".equals(payment)) return new PaymentStatus.Failed(reason(session, "cancelled"));
    if ("processing".equals(payment) || "open".equals(checkout)) return new PaymentStatus.Pending();
    throw new RemoteFailure("wave session with payment_status '" + payment + "' and checkout_status '" + checkout + "' is not one we know", false);
  }

  private static String reason(JsonObject session, String fallback) {
    Object error = session.getValue("last_payment_error");
    if (error instanceof JsonObject e) {
      String code = text(e, "code");
      if (code != null) return code;
      if (text(e, "message") != null) return text(e, "message");
    }
    return fallback;
  }

  /** A session that names another client reference is not news of our payment, whoever claims it is. */
  private static void requireOurs(JsonObject session, String referenceId) {
    String reference = text(session, "client_reference");
    if (!referenceId.equals(reference)) {
      throw new RemoteFailure("wave session " + text(session, "id") + " has client_reference " + reference + ", not " + referenceId, false);
    }
  }

  /** Wave writes amounts as strings ("1730"); anything but whole units cannot be ours. */
  static long wholeUnits(Object amount) {
    try {
      return new BigDecimal(String.valueOf(amount)).stripTrailingZeros().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      // Not whole francs: it can match no intent, so it is held for review rather than dropped.
      return -1;
    }
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : value.toString();
  }

  private static JsonObject jsonObject(HttpResponse<Buffer> response, String call) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      // reported below
    }
    throw new RemoteFailure("wave " + call + " answer is not a JSON object", false);
  }

  private static RemoteFailure failure(String call, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    boolean permanent = WalletFailure.of(status).permanent();
    return new RemoteFailure("wave " + call + " answered " + status + errorCode(response), permanent);
  }

  /** Only Wave's error code: its validation details may echo what we sent, the payer's number included. */
  private static String errorCode(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      String code = body == null ? null : text(body, "code");
      return code == null ? "" : " " + code;
    } catch (RuntimeException e) {
      return "";
    }
  }

}
