package org.keneya.adapters.cinetpay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
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
 * A wallet reached through a CinetPay-style aggregator (API Checkout v2): Moov Africa Money has no
 * merchant API of its own. The payment is initialised with our reference id as
 * {@code transaction_id}; the member pays on the returned {@code payment_url} (sent by SMS), locked
 * to their own number; CinetPay then posts a form notification signed with an {@code x-token}
 * HMAC, and the status is read back from {@code /v2/payment/check}.
 *
 * <p>Shapes as published by CinetPay:
 * <ul>
 *   <li>https://docs.cinetpay.com/api/1.0-fr/checkout/initialisation — {@code POST /v2/payment}
 *       (JSON: apikey, site_id, transaction_id, amount a multiple of 5, currency, description without
 *       {@code # / $ _ &}, notify_url, return_url, channels, metadata, lang, lock_phone_number with
 *       customer_phone_number)
 *   <li>https://docs.cinetpay.com/api/1.0-fr/checkout/verification — {@code POST /v2/payment/check}
 *       → {@code {code, message, data: {amount, currency, status ACCEPTED|REFUSED|..., payment_method,
 *       metadata, operator_id, payment_date}}}
 *   <li>https://docs.cinetpay.com/api/1.0-en/checkout/notification — notifications arrive after each
 *       change (WAITING_FOR_CUSTOMER first for push operators); the merchant checks the transaction
 *       before delivering
 *   <li>https://docs.cinetpay.com/api/1.0-en/checkout/hmac — {@code x-token} = HMAC-SHA256 (secret
 *       key, hex) of the form fields concatenated in {@link #SIGNED_FIELDS} order
 *   <li>https://docs.cinetpay.com/api/1.0-en/checkout/retour — {@code return_url}, for the
 *       member's browser only
 *   <li>CinetPay's developer guide, https://github.com/Tidev-CinetPay/api-checkout-doc
 *       ({@code docs/integration.md}) — the init answer {@code {code "201", message "CREATED",
 *       data: {payment_token, payment_url}}}, "if you send an identifier already sent you receive an
 *       error", the check's {@code message} codes (623/662/663/664 waiting, 600/602/604/627...
 *       refusals)
 * </ul>
 */
public final class CinetPayCheckout implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(CinetPayCheckout.class);

  /** The notification fields the {@code x-token} signs, in the documented order. */
  public static final List<String> SIGNED_FIELDS = List.of("cpm_site_id", "cpm_trans_id", "cpm_trans_date", "cpm_amount",
      "cpm_currency", "signature", "payment_method", "cel_phone_num", "cpm_phone_prefixe", "cpm_language", "cpm_version",
      "cpm_payment_config", "cpm_page_action", "cpm_custom", "cpm_designation", "cpm_error_message");

  private static final Set<String> WAITING = Set.of("WAITING_FOR_CUSTOMER", "WAITING_CUSTOMER_TO_VALIDATE",
      "WAITING_CUSTOMER_PAYMENT", "WAITING_CUSTOMER_OTP_CODE", "WAITING_CUSTOMER_PAYMENT_AT_OPERATOR_SIDE", "PENDING",
      "INITIATED", "CREATED");
  private static final Set<String> REFUSED = Set.of("REFUSED", "CANCELED", "CANCELLED", "EXPIRED", "FAILED");
  /** Check answers that end a payment even when they carry no {@code data.status}. */
  private static final Set<String> REFUSAL_MESSAGES = Set.of("PAYMENT_FAILED", "INSUFFISENT_BALANCE",
      "INSUFFICIENT_BALANCE", "OTP_CODE_ERROR", "TRANSACTION_CANCEL", "ERROR_PHONE_NUMBER_NOT_FOUND",
      "ERROR_PHONE_NUMBER_NOT_SUPPORTED", "ERROR_AMOUNT_TOO_LOW", "ERROR_AMOUNT_TOO_HIGH");
  /** Init answers that refuse this very request: sending it again cannot help. */
  private static final Set<String> INIT_REFUSALS = Set.of("MINIMUM_REQUIRED_FIELDS", "ERROR_AMOUNT_TOO_LOW",
      "ERROR_AMOUNT_TOO_HIGH", "ERROR_PHONE_NUMBER_NOT_FOUND", "ERROR_PHONE_NUMBER_NOT_SUPPORTED", "INVALID_AMOUNT",
      "INVALID_PHONE");
  /** The published pages do not name the "no such transaction" answer; these are the names seen for it. */
  private static final Set<String> NOT_FOUND = Set.of("TRANSACTION_NOT_FOUND", "TRANSACTION_NOT_EXIST", "NOT_FOUND");
  private static final Pattern ALREADY_EXISTS = Pattern.compile(".*((?<!NOT_)EXIST|DUPLICATE|ALREADY).*");
  private static final Pattern OUR_REFERENCE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Characters the initialisation page asks to keep out of the description. */
  private static final Pattern UNSAFE_IN_DESCRIPTION = Pattern.compile("[#/$_&]");

  /** A CinetPay-style aggregator: API key and site id for calls, the secret key that signs notifications ({@code x-token}). */
  public record Settings(String apiKey, String siteId, String secretKey, String channels) implements WalletSettings {
    @Override
    public List<String> missing() {
      return WalletSettings.blank("apiKey", apiKey, "siteId", siteId, "secretKey", secretKey, "channels", channels);
    }
  }

  /** The configuration's {@code api: CINETPAY}. */
  public static final class Kind extends WalletKind<Settings> {
    public Kind() {
      super("CINETPAY", Settings.class, true, CinetPayCheckout::new);
    }
  }

  private final WalletEndpoint endpoint;
  private final Settings config;

  public CinetPayCheckout(Vertx vertx, WalletConfig wallet, Settings settings, String baseUrl, String callbackBaseUrl, Clock clock) {
    this.endpoint = WalletEndpoint.of(vertx, wallet, baseUrl, callbackBaseUrl);
    this.config = settings;
    // No clock needed: the notification carries no timestamp of its own (cpm_trans_date is the
    // payment's), and a replayed genuine notification only makes us ask the status again.
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  /** Where CinetPay posts its notifications ({@code notify_url}); it also pings it by GET. */
  public String notifyUrl() {
    return endpoint.callbackUrl();
  }

  /**
   * Where the member's browser lands after paying ({@code return_url}, required by the API), with
   * {@code transaction_id} and {@code token}: a page to show, never a source of truth.
   */
  public String returnUrl() {
    return endpoint.callbackBaseUrl() + "/returns/" + endpoint.name();
  }

  @Override
  public boolean requestIsIdempotent() {
    // A transaction_id CinetPay has already seen is answered with an error, never a second payment.
    return true;
  }

  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    String referenceId = order.referenceId();
    Money amount = order.amount();
    if (amount.amount() <= 0 || amount.amount() % 5 != 0) {
      return CompletableFuture.failedFuture(
          new RemoteFailure("cinetpay takes only amounts that are a multiple of 5, not " + amount, true));
    }
    JsonObject body = new JsonObject()
        .put("apikey", config.apiKey())
        .put("site_id", config.siteId())
        .put("transaction_id", referenceId)
        .put("amount", amount.amount())
        .put("currency", amount.currency())
        .put("description", plainDescription(order.description()))
        .put("notify_url", notifyUrl())
        .put("return_url", returnUrl())
        .put("channels", config.channels())
        // Echoed in the check answer and the notification (cpm_custom): lets us see whose payment an answer is about.
        .put("metadata", referenceId)
        .put("lang", "fr")
        // The checkout page then only asks the member to confirm, on the number that was offered this wallet.
        .put("customer_phone_number", order.payer().e164())
        .put("lock_phone_number", true);
    return endpoint.client().postAbs(endpoint.baseUrl() + "/v2/payment")
        .timeout(endpoint.timeoutMillis())
        .sendJsonObject(body)
        .<Requested>compose(response -> {
          JsonObject answer = jsonObject(response);
          String code = answer == null ? "" : text(answer, "code");
          String message = answer == null ? "" : text(answer, "message");
          if (response.statusCode() / 100 == 2 && "201".equals(code)) {
            JsonObject data = object(answer.getValue("data"));
            String token = data == null ? "" : text(data, "payment_token");
            String url = data == null ? "" : text(data, "payment_url");
            if (token.isEmpty() || url.isEmpty()) {
              return Future.failedFuture(new RemoteFailure("cinetpay created " + referenceId + " without a payment token and link", false));
            }
            return Future.succeededFuture(new Requested(token, url));
          }
          if (ALREADY_EXISTS.matcher(message).matches()) {
            // An earlier try got through, but the answer that carried the link was lost and CinetPay
            // does not give it again: the member can never be sent this payment's link. Refused for
            // good, so the payment fails and the member may start another; should the member have
            // paid it all the same, the success is still booked.
            return Future.failedFuture(new RemoteFailure("cinetpay already has transaction " + referenceId
                + " (" + describe(answer) + ") and does not give its payment link again", true));
          }
          boolean permanent = answer != null && response.statusCode() / 100 == 2
              ? INIT_REFUSALS.contains(message)
              : WalletFailure.of(response.statusCode()).permanent();
          return Future.failedFuture(new RemoteFailure("cinetpay payment " + referenceId + " answered "
              + response.statusCode() + ": " + describe(answer), permanent));
        })
        .onFailure(e -> LOG.warn("cinetpay payment failed wallet={} reference={} payer={} error={}", endpoint.name(), referenceId,
            order.payer().masked(), e.getMessage()))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    String referenceId = reference.referenceId();
    JsonObject body = new JsonObject()
        .put("apikey", config.apiKey())
        .put("site_id", config.siteId())
        .put("transaction_id", referenceId);
    return endpoint.client().postAbs(endpoint.baseUrl() + "/v2/payment/check")
        .timeout(endpoint.timeoutMillis())
        .sendJsonObject(body)
        .compose(response -> {
          int http = response.statusCode();
          JsonObject answer = jsonObject(response);
          if (answer != null && (http / 100 == 2 || http / 100 == 4)) {
            // CinetPay speaks in its own codes, whatever the HTTP status: read them first.
            if (http == 404 && answer.containsKey("code")) return Future.succeededFuture((PaymentStatus) new PaymentStatus.Unknown());
            PaymentStatus status = readCheck(answer, referenceId);
            if (status != null) return Future.succeededFuture(status);
          }
          boolean permanent = WalletFailure.of(http).permanent();
          return Future.<PaymentStatus>failedFuture(new RemoteFailure("cinetpay check " + referenceId + " answered " + http
              + ": " + describe(answer), permanent));
        })
        .toCompletionStage();
  }

  /**
   * What a check answer says of {@code referenceId}'s payment; null when it says nothing we can
   * use. The answer names no transaction id, but it echoes the metadata we sent (our reference id):
   * when present it must be ours.
   */
  static PaymentStatus readCheck(JsonObject answer, String referenceId) {
    String message = text(answer, "message");
    if (NOT_FOUND.contains(message)) return new PaymentStatus.Unknown();
    JsonObject data = object(answer.getValue("data"));
    String status = data == null ? "" : text(data, "status");
    if (status.isEmpty()) {
      if (WAITING.contains(message)) return new PaymentStatus.Pending();
      if (REFUSAL_MESSAGES.contains(message) || message.endsWith("_TRANSACTION_REACHED")) return new PaymentStatus.Failed(message);
      return null;
    }
    String metadata = text(data, "metadata");
    if (!metadata.isEmpty() && !metadata.equals(referenceId)) {
      throw new RemoteFailure("cinetpay answered about payment " + metadata + " when asked about " + referenceId, false);
    }
    if (status.equals("ACCEPTED")) {
      String operatorId = text(data, "operator_id");
      // operator_id is the wallet operator's own transaction id; our transaction_id is CinetPay's key otherwise.
      return new PaymentStatus.Successful(operatorId.isEmpty() ? referenceId : operatorId,
          Money.of(wholeUnits(data.getValue("amount")), text(data, "currency")));
    }
    if (REFUSED.contains(status)) return new PaymentStatus.Failed(message.isEmpty() ? status : message);
    if (WAITING.contains(status)) return new PaymentStatus.Pending();
    throw new RemoteFailure("cinetpay status '" + status + "' is not one we know", false);
  }

  /**
   * CinetPay's notification is a form naming the transaction, signed by {@code x-token}; its status
   * is not believed (CinetPay tells merchants to check the transaction before delivering), so the
   * claim names the payment and the gateway asks {@link #status}.
   */
  @Override
  public CallbackVerdict readCallback(Callback callback) {
    String body = callback.body();
    if (body == null || body.isBlank()) {
      return new CallbackVerdict.Ignored("empty notification: CinetPay checking that the address answers");
    }
    Map<String, String> form;
    try {
      form = readForm(body);
    } catch (IllegalArgumentException e) {
      return new CallbackVerdict.Rejected(false, "notification is not a readable form");
    }
    String transactionId = form.getOrDefault("cpm_trans_id", "");
    if (transactionId.isBlank()) return new CallbackVerdict.Rejected(false, "notification without cpm_trans_id");
    String token = callback.headers() == null ? null : callback.header("x-token");
    if (token == null || token.isBlank()) return new CallbackVerdict.Rejected(true, "notification without x-token");
    String received = token.strip().toLowerCase(Locale.ROOT);
    byte[] expected = xToken(form, config.secretKey()).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.US_ASCII))) {
      return new CallbackVerdict.Rejected(true, "x-token does not match the notification");
    }
    if (!config.siteId().equals(form.get("cpm_site_id"))) {
      return new CallbackVerdict.Rejected(true, "notification for another CinetPay site");
    }
    // A site may also serve another shop: its transactions are not ours to claim.
    if (!OUR_REFERENCE.matcher(transactionId).matches()) return new CallbackVerdict.Ignored("not one of our payments");
    // cpm_trans_date is the payment's date, the same in each of its notifications (waiting, then
    // final); the x-token covers every field, so it changes with the news and not with a redelivery.
    String eventId = transactionId + ":" + received.substring(0, Math.min(16, received.length()));
    return new CallbackVerdict.Claim(eventId, transactionId, null, null, true);
  }

  /** The {@code x-token} CinetPay computes for a notification form (lower-case hex). */
  public static String xToken(Map<String, String> form, String secretKey) {
    StringBuilder data = new StringBuilder();
    for (String field : SIGNED_FIELDS) data.append(form.getOrDefault(field, ""));
    return Hmac.sha256Hex(secretKey, data.toString());
  }

  /** An x-www-form-urlencoded body; a malformed one, or one naming a field twice, is refused. */
  static Map<String, String> readForm(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.strip().split("&")) {
      if (pair.isEmpty()) continue;
      int equals = pair.indexOf('=');
      if (equals <= 0) throw new IllegalArgumentException("not a form field: no name or no '='");
      String key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (form.putIfAbsent(key, value) != null) throw new IllegalArgumentException("field named twice: " + key);
    }
    return form;
  }

  /** Amounts arrive as strings ("1730"); anything but whole units cannot be ours. */
  static long wholeUnits(Object amount) {
    try {
      return new BigDecimal(String.valueOf(amount).strip()).stripTrailingZeros().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      // Not whole francs: it can match no intent, so it is held for review rather than dropped.
      return -1;
    }
  }

  private static String plainDescription(String description) {
    String plain = description == null ? "" : UNSAFE_IN_DESCRIPTION.matcher(description).replaceAll(" ").replaceAll("\\s+", " ").strip();
    return plain.isEmpty() ? "Cotisation" : plain;
  }

  private static JsonObject jsonObject(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      return body == null || body.length() == 0 ? null : new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Error answers carry {@code "data": []} where success carries an object. */
  private static JsonObject object(Object value) {
    return value instanceof JsonObject json ? json : null;
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? "" : value.toString().strip();
  }

  /** CinetPay's code and message only: an error answer might echo the request, API key included. */
  private static String describe(JsonObject answer) {
    if (answer == null) return "no readable answer";
    String description = text(answer, "description");
    return text(answer, "code") + " " + text(answer, "message") + (description.isEmpty() ? "" : " (" + abbreviate(description) + ")");
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

}
