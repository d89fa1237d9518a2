package org.keneya.adapters.orange;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.List;
import org.keneya.adapters.http.AccessToken;
import org.keneya.adapters.http.WalletEndpoint;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.adapters.wallets.WalletSettings;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.WalletFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orange Money merchant payment by USSD push (Orange Cameroon's "omcoreapis" merchant payment API),
 * relative to {@code baseUrl} (the API host, {@code https://api-s1.orange.cm} in Cameroon):
 *
 * <ol>
 *   <li>{@code POST /token}, Basic clientId:clientSecret, form {@code grant_type=client_credentials}
 *       → {@code access_token}, {@code expires_in};
 *   <li>{@code POST /omcoreapis/1.0.2/mp/init}, Bearer and {@code X-AUTH-TOKEN} → {@code data.payToken};
 *   <li>{@code POST /omcoreapis/1.0.2/mp/pay}, JSON {@code notifUrl, channelUserMsisdn, amount,
 *       subscriberMsisdn, pin, orderId, description, payToken}: the network pushes a PIN prompt to the
 *       member's phone, which expires after about 7 minutes;
 *   <li>{@code GET /omcoreapis/1.0.2/mp/paymentstatus/{payToken}} → {@code data.status}
 *       (INITIATED, PENDING, SUCCESSFULL, FAILED, CANCELLED, EXPIRED), {@code txnid}, {@code amount};
 *   <li>an unsigned notification POSTed to {@code notifUrl}.
 * </ol>
 *
 * <p>Shapes as published in Y-Note's integration guide for Orange Money Cameroon's USSD API
 * (https://www.y-note.cm/integration-de-lapi-local-orange-money/) and in the public SDK that wraps it,
 * {@code @spreeloop/orange_money} (https://app.unpkg.com/@spreeloop/orange_money@1.0.18/files/dist/src/payments,
 * source github.com/spreeloop/core-ts/tree/master/orange_money: routes, request schema with
 * {@code orderId} of at most 20 characters and {@code description} of at most 125, status values).
 *
 * <p>Orange knows the payment by its pay token: that is the provider reference. Our reference id
 * (a UUID, 36 characters) does not fit {@code orderId}: we send {@link #orderId(String)}, its first
 * 20 letters and digits, and our full reference id travels in the notification address.
 */
public final class OrangeMoneyPush implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(OrangeMoneyPush.class);
  private static final String MERCHANT_PAYMENT = "/omcoreapis/1.0.2/mp";
  private static final int ORDER_ID_LENGTH = 20;
  private static final int DESCRIPTION_LENGTH = 125;
  /** Pay tokens are letters and digits ("MP220807558VEF7A9C4F09AED"); anything else is not put in a path. */
  private static final Pattern PAY_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern LONG_DIGITS = Pattern.compile("[0-9]{6,}");

  /**
   * Orange Money merchant payment (USSD push): OAuth client credentials for the bearer token, the
   * merchant channel's {@code X-AUTH-TOKEN}, the merchant's number and PIN that authorise a push.
   * {@code currency} is the merchant account's (the API names none in its answers): XOF when absent.
   */
  public record Settings(String clientId, String clientSecret, String authToken, String channelUserMsisdn, String pin,
      String currency) implements WalletSettings {
    public String currencyOrDefault() {
      return currency == null || currency.isBlank() ? "XOF" : currency;
    }

    @Override
    public List<String> missing() {
      return WalletSettings.blank("clientId", clientId, "clientSecret", clientSecret, "authToken", authToken,
          "channelUserMsisdn", channelUserMsisdn, "pin", pin);
    }
  }

  /** The configuration's {@code api: ORANGE_MONEY}. */
  public static final class Kind extends WalletKind<Settings> {
    public Kind() {
      super("ORANGE_MONEY", Settings.class, false, OrangeMoneyPush::new);
    }
  }

  private final WalletEndpoint endpoint;
  private final Settings config;
  private final AccessToken accessToken;

  public OrangeMoneyPush(Vertx vertx, WalletConfig wallet, Settings settings, String baseUrl, String callbackBaseUrl, Clock clock) {
    this.endpoint = WalletEndpoint.of(vertx, wallet, baseUrl, callbackBaseUrl);
    this.config = settings;
    this.accessToken = new AccessToken(clock, this::fetchToken);
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  /** The URL Orange notifies for {@code referenceId}. */
  public String callbackUrl(String referenceId) {
    return endpoint.callbackUrl(referenceId);
  }

  /**
   * The {@code orderId} sent for {@code referenceId}: its first 20 letters and digits (for a UUID,
   * the first four groups without dashes: 74 random bits), as the API takes at most 20 characters.
   */
  public static String orderId(String referenceId) {
    String compact = referenceId.replaceAll("[^A-Za-z0-9]", "");
    return compact.length() <= ORDER_ID_LENGTH ? compact : compact.substring(0, ORDER_ID_LENGTH);
  }

  /**
   * The payer's number as Orange writes it: national, with as many digits as the merchant's own
   * configured number (the API serves one country; "76123456" in Mali, "696600011" in Cameroon).
   */
  String subscriberMsisdn(Msisdn payer) {
    String digits = payer.e164().substring(1);
    int national = config.channelUserMsisdn().replaceAll("[^0-9]", "").length();
    return national > 0 && national < digits.length() ? digits.substring(digits.length() - national) : digits;
  }

  @Override
  public boolean requestIsIdempotent() {
    // Orange does not deduplicate on orderId: every init/pay pushes a new PIN prompt.
    return false;
  }

  /**
   * Takes a pay token, then asks for the push. When the push fails after the pay token was taken,
   * the prompt may already be on the member's phone: the failure carries the pay token so that the
   * payment is followed under it rather than pushed again.
   */
  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    String referenceId = order.referenceId();
    Msisdn payer = order.payer();
    return token().compose(this::init)
        .recover(e -> Future.failedFuture(remoteFailure("init " + referenceId, e, null)))
        .compose(payToken -> token().compose(bearer -> pay(bearer, payToken, order))
            .<Requested>map(x -> new Requested(payToken, null))
            .recover(e -> Future.failedFuture(remoteFailure("pay " + referenceId + " payToken=" + payToken, e, payToken))))
        .onFailure(e -> LOG.warn("orange payment request failed reference={} payer={} error={}", referenceId, payer.masked(),
            e.getMessage()))
        .toCompletionStage();
  }

  private Future<String> init(String bearer) {
    return endpoint.client().postAbs(endpoint.baseUrl() + MERCHANT_PAYMENT + "/init")
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Bearer " + bearer)
        .putHeader("X-AUTH-TOKEN", config.authToken())
        .send()
        .compose(response -> {
          if (response.statusCode() != 200) return Future.failedFuture(failure("init", response));
          JsonObject data = json(response, "init").getJsonObject("data");
          String payToken = data == null ? null : data.getString("payToken");
          if (payToken == null || !PAY_TOKEN.matcher(payToken).matches()) {
            return Future.failedFuture(new RemoteFailure("orange init answer without a usable payToken", false));
          }
          return Future.succeededFuture(payToken);
        });
  }

  private Future<Void> pay(String bearer, String payToken, PaymentOrder order) {
    String description = order.description() == null ? "" : order.description();
    JsonObject body = new JsonObject()
        .put("notifUrl", callbackUrl(order.referenceId()))
        .put("channelUserMsisdn", config.channelUserMsisdn())
        .put("amount", Long.toString(order.amount().amount()))
        .put("subscriberMsisdn", subscriberMsisdn(order.payer()))
        .put("pin", config.pin())
        .put("orderId", orderId(order.referenceId()))
        .put("description", description.length() > DESCRIPTION_LENGTH ? description.substring(0, DESCRIPTION_LENGTH) : description)
        .put("payToken", payToken);
    return endpoint.client().postAbs(endpoint.baseUrl() + MERCHANT_PAYMENT + "/pay")
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Bearer " + bearer)
        .putHeader("X-AUTH-TOKEN", config.authToken())
        .sendJsonObject(body)
        .compose(response -> response.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture(failure("pay", response)));
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    String referenceId = reference.referenceId();
    String payToken = reference.providerReference();
    // Without a pay token no push was ever made.
    if (payToken == null) return CompletableFuture.completedFuture(new PaymentStatus.Unknown());
    if (!PAY_TOKEN.matcher(payToken).matches()) {
      return CompletableFuture.failedFuture(new RemoteFailure("orange payToken for " + referenceId + " is malformed", false));
    }
    return token().compose(bearer -> endpoint.client().getAbs(endpoint.baseUrl() + MERCHANT_PAYMENT + "/paymentstatus/" + payToken)
            .timeout(endpoint.timeoutMillis())
            .putHeader("Authorization", "Bearer " + bearer)
            .putHeader("X-AUTH-TOKEN", config.authToken())
            .send())
        .compose(response -> {
          if (response.statusCode() != 200) return Future.failedFuture(failure("paymentstatus " + payToken, response));
          JsonObject data = json(response, "paymentstatus").getJsonObject("data");
          if (data == null) return Future.failedFuture(new RemoteFailure("orange paymentstatus answer without data", false));
          checkItIsOurs(data, referenceId, payToken);
          return Future.succeededFuture(parseStatus(data, config.currencyOrDefault()));
        })
        .recover(e -> Future.failedFuture(remoteFailure("paymentstatus " + payToken, e, null)))
        .toCompletionStage();
  }

  /**
   * Refuses an answer about another payment (a forged notification may name somebody else's pay
   * token): the pay token, and where Orange echoes them, the order id and the notification address
   * (which ends with our reference id) must be ours.
   */
  private static void checkItIsOurs(JsonObject data, String referenceId, String payToken) {
    String answeredToken = data.getString("payToken");
    String answeredOrder = data.getString("orderId");
    String answeredNotifUrl = data.getString("notifUrl");
    if (answeredToken != null && !answeredToken.equals(payToken)
        || answeredOrder != null && !answeredOrder.equals(orderId(referenceId))
        || answeredNotifUrl != null && !answeredNotifUrl.isBlank() && !answeredNotifUrl.endsWith("/" + referenceId)) {
      throw new RemoteFailure("orange status for payToken " + payToken + " is not about payment " + referenceId, false);
    }
  }

  /** Reads the {@code data} of a paymentstatus answer. */
  static PaymentStatus parseStatus(JsonObject data, String currency) {
    String status = String.valueOf(data.getValue("status"));
    return switch (status) {
      case "SUCCESSFULL", "SUCCESS" -> {
        Object transaction = data.getValue("txnid");
        if (transaction == null) throw new RemoteFailure("orange success without a txnid", false);
        yield new PaymentStatus.Successful(transaction.toString(), Money.of(wholeUnits(data.getValue("amount")), currency));
      }
      case "PENDING" -> new PaymentStatus.Pending();
      // Initiated: a pay token was taken but no push was accepted, so nothing can be paid under it.
      case "INITIATED" -> new PaymentStatus.Unknown();
      case "FAILED", "CANCELLED", "EXPIRED" -> new PaymentStatus.Failed(reason(data, status));
      default -> throw new RemoteFailure("orange status '" + status + "' is not one we know", false);
    };
  }

  /** The status and Orange's code; its messages are left out as they name the payer and their balance. */
  private static String reason(JsonObject data, String status) {
    Object code = data.getValue("confirmtxnstatus");
    // "200" at init only says the push was accepted; a refusal at init has its own code.
    if (code == null && !"200".equals(String.valueOf(data.getValue("inittxnstatus")))) code = data.getValue("inittxnstatus");
    return code == null ? status : status + " " + code;
  }

  /** Amounts arrive as numbers or strings; anything but whole francs cannot be ours. */
  static long wholeUnits(Object amount) {
    try {
      return new BigDecimal(String.valueOf(amount)).stripTrailingZeros().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      // Not whole francs: it can match no intent, so it is held for review rather than dropped.
      return -1;
    }
  }

  /**
   * Orange's notifications carry no signature: the body only says which pay token moved, and
   * nothing is believed until the status is asked of Orange.
   */
  @Override
  public CallbackVerdict readCallback(Callback callback) {
    String reference = callback.pathReference();
    if (reference == null || reference.isBlank()) return new CallbackVerdict.Rejected(false, "no payment reference in the callback path");
    JsonObject body;
    try {
      body = new JsonObject(callback.body());
    } catch (RuntimeException e) {
      return new CallbackVerdict.Rejected(false, "notification body is not a JSON object");
    }
    JsonObject fields = body.getValue("data") instanceof JsonObject data ? data : body;
    Object payToken = fields.getValue("payToken");
    Object status = fields.getValue("status");
    Object order = fields.getValue("orderId");
    if (payToken != null && !PAY_TOKEN.matcher(payToken.toString()).matches()) {
      return new CallbackVerdict.Rejected(false, "notification payToken is malformed");
    }
    if (order != null && !order.toString().equals(orderId(reference))) {
      return new CallbackVerdict.Rejected(false, "notification names another order than its address");
    }
    String providerReference = payToken == null ? null : payToken.toString();
    String eventId = providerReference == null ? null : providerReference + ":" + (status == null ? "" : status);
    return new CallbackVerdict.Claim(eventId, reference, providerReference, null, false);
  }

  private Future<String> token() {
    return accessToken.get();
  }

  private Future<AccessToken.Grant> fetchToken() {
    String basic = Base64.getEncoder().encodeToString((config.clientId() + ":" + config.clientSecret()).getBytes(StandardCharsets.UTF_8));
    return endpoint.client().postAbs(endpoint.baseUrl() + "/token")
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Basic " + basic)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials"))
        .compose(response -> {
          if (response.statusCode() != 200) return Future.failedFuture(failure("token", response));
          JsonObject body = json(response, "token");
          String granted = body.getString("access_token");
          if (granted == null) return Future.failedFuture(new RemoteFailure("orange token answer without access_token", false));
          long expiresIn = body.getLong("expires_in", 3600L);
          return Future.succeededFuture(new AccessToken.Grant(granted, expiresIn));
        });
  }


  private static JsonObject json(HttpResponse<Buffer> response, String call) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      // falls through to the failure below
    }
    throw new RemoteFailure("orange " + call + " answer is not a JSON object", false);
  }

  /** Timeouts and resets become retryable failures; {@code payToken} is kept on what follows a successful init. */
  private static RemoteFailure remoteFailure(String call, Throwable e, String payToken) {
    if (e instanceof RemoteFailure failure && payToken == null) return failure;
    boolean permanent = e instanceof RemoteFailure failure && failure.permanent();
    return new RemoteFailure("orange " + call + ": " + e.getMessage(), permanent, payToken);
  }

  private RemoteFailure failure(String call, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 401) accessToken.forget();
    // Orange refuses an unknown payer or a low balance with 417: a refusal like any other 4xx.
    boolean permanent = WalletFailure.of(status).permanent();
    return new RemoteFailure("orange " + call + " answered " + status + summary(response.bodyAsString()), permanent);
  }

  /**
   * Orange's {@code message} (else the start of the body), with long digit runs hidden: error
   * answers echo the payer's number and balance, and this text ends up in logs and on the payment.
   */
  private static String summary(String body) {
    if (body == null || body.isBlank()) return "";
    String text = body;
    try {
      Object message = new JsonObject(body).getValue("message");
      if (message != null) text = message.toString();
    } catch (RuntimeException notJson) {
      // an HTML or XML error page: its start is all we keep
    }
    text = LONG_DIGITS.matcher(text.length() > 200 ? text.substring(0, 200) + "..." : text).replaceAll("****");
    return ": " + text;
  }

}
