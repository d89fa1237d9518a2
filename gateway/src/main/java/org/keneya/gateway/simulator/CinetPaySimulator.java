package org.keneya.gateway.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.keneya.adapters.cinetpay.CinetPayCheckout;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.config.WalletConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.keneya.gateway.RouteGroup;

/**
 * A CinetPay-style aggregator (API Checkout v2) for one wallet, served under
 * {@code /simulator/{wallet id}}: {@code POST /v2/payment}, {@code POST /v2/payment/check} and a
 * stand-in checkout page at {@code GET /payment/{token}}. After {@code approveAfterMillis} the
 * payment is ACCEPTED (REFUSED when the payer's number ends in 99) and, as CinetPay does, a form
 * notification signed with {@code x-token} is posted to {@code selfBaseUrl/callbacks/{wallet id}}.
 */
public final class CinetPaySimulator implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(CinetPaySimulator.class);
  private static final DateTimeFormatter CINETPAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Vertx vertx;
  private final WebClient client;
  private final String walletId;
  private final CinetPayCheckout.Settings api;
  private final String prefix;
  private final String selfBaseUrl;
  private final long approveAfterMillis;
  private final Map<String, JsonObject> payments = new ConcurrentHashMap<>();
  private final Map<String, String> transactionsByToken = new ConcurrentHashMap<>();
  private final AtomicLong operatorIds = new AtomicLong(8_210_600_000_000L);

  public CinetPaySimulator(Vertx vertx, WalletConfig wallet, String selfBaseUrl, long approveAfterMillis) {
    this.vertx = vertx;
    // Notifications go out as fast as payments settle: the default five connections would queue them.
    this.client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.walletId = wallet.id();
    this.api = WalletKind.settings(wallet, CinetPayCheckout.Settings.class);
    this.prefix = "/simulator/" + wallet.id();
    this.selfBaseUrl = selfBaseUrl.endsWith("/") ? selfBaseUrl.substring(0, selfBaseUrl.length() - 1) : selfBaseUrl;
    this.approveAfterMillis = approveAfterMillis;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    router.post(prefix + "/v2/payment").handler(body).handler(this::initialise);
    router.post(prefix + "/v2/payment/check").handler(body).handler(this::check);
    router.get(prefix + "/payment/:token").handler(this::checkoutPage);
  }

  private void initialise(RoutingContext ctx) {
    JsonObject request = authorisedRequest(ctx);
    if (request == null) return;
    String transactionId = request.getString("transaction_id", "");
    Object amount = request.getValue("amount");
    boolean complete = !transactionId.isBlank() && amount instanceof Number n && n.longValue() > 0 && n.longValue() % 5 == 0
        && !request.getString("currency", "").isBlank() && !request.getString("notify_url", "").isBlank()
        && !request.getString("return_url", "").isBlank() && !request.getString("channels", "").isBlank();
    if (!complete) {
      answer(ctx, 400, error("608", "MINIMUM_REQUIRED_FIELDS", "Les champs obligatoires minimum ne sont pas renseignés"));
      return;
    }
    String token = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    JsonObject payment = new JsonObject()
        .put("amount", String.valueOf(((Number) amount).longValue()))
        .put("currency", request.getString("currency"))
        .put("status", "WAITING_FOR_CUSTOMER")
        .put("payment_method", walletId.toUpperCase(Locale.ROOT))
        .put("description", request.getString("description", ""))
        .put("metadata", request.getValue("metadata"))
        .put("operator_id", null)
        .put("payment_date", " ")
        .put("phone", request.getString("customer_phone_number", ""));
    if (payments.putIfAbsent(transactionId, payment) != null) {
      answer(ctx, 400, error("805", "CLIENT_TRANSACTION_ID_EXIST", "Your transaction ID already exists on CinetPay"));
      return;
    }
    transactionsByToken.put(token, transactionId);
    answer(ctx, 200, new JsonObject().put("code", "201").put("message", "CREATED")
        .put("description", "Transaction created with success")
        .put("data", new JsonObject().put("payment_token", token).put("payment_url", selfBaseUrl + prefix + "/payment/" + token))
        .put("api_response_id", responseId()));
    vertx.setTimer(Math.max(1, approveAfterMillis), t -> settle(transactionId, payment));
  }

  private void settle(String transactionId, JsonObject payment) {
    String now = LocalDateTime.now(ZoneOffset.UTC).format(CINETPAY_TIME);
    boolean refused = payment.getString("phone").endsWith("99");
    if (refused) {
      payment.put("status", "REFUSED");
    } else {
      payment.put("status", "ACCEPTED").put("operator_id", Long.toString(operatorIds.incrementAndGet())).put("payment_date", now);
    }
    String phone = payment.getString("phone").replace("+", "");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("cpm_site_id", api.siteId());
    form.put("cpm_trans_id", transactionId);
    form.put("cpm_trans_date", now);
    form.put("cpm_amount", payment.getString("amount"));
    form.put("cpm_currency", payment.getString("currency"));
    form.put("signature", UUID.randomUUID().toString().replace("-", ""));
    form.put("payment_method", payment.getString("payment_method"));
    form.put("cel_phone_num", phone.length() > 3 ? phone.substring(3) : phone);
    form.put("cpm_phone_prefixe", phone.length() > 3 ? phone.substring(0, 3) : "");
    form.put("cpm_language", "fr");
    form.put("cpm_version", "V4");
    form.put("cpm_payment_config", "SINGLE");
    form.put("cpm_page_action", "PAYMENT");
    form.put("cpm_custom", payment.getValue("metadata") == null ? "" : payment.getValue("metadata").toString());
    form.put("cpm_designation", payment.getString("description"));
    form.put("cpm_error_message", refused ? "TRANSACTION_CANCEL" : "SUCCES");
    MultiMap body = MultiMap.caseInsensitiveMultiMap();
    form.forEach(body::add);
    client.postAbs(selfBaseUrl + "/callbacks/" + walletId)
        .putHeader("x-token", CinetPayCheckout.xToken(form, api.secretKey()))
        .sendForm(body)
        .onFailure(e -> LOG.warn("simulated CinetPay notification failed: {}", e.toString()));
  }

  private void check(RoutingContext ctx) {
    JsonObject request = authorisedRequest(ctx);
    if (request == null) return;
    String transactionId = request.getString("transaction_id");
    if (transactionId == null) transactionId = transactionsByToken.get(request.getString("token", ""));
    JsonObject payment = transactionId == null ? null : payments.get(transactionId);
    if (payment == null) {
      answer(ctx, 404, error("404", "TRANSACTION_NOT_FOUND", "Transaction not found"));
      return;
    }
    String status = payment.getString("status");
    String[] codeAndMessage = switch (status) {
      case "ACCEPTED" -> new String[] {"00", "SUCCES"};
      case "REFUSED" -> new String[] {"627", "TRANSACTION_CANCEL"};
      default -> new String[] {"662", "WAITING_CUSTOMER_PAYMENT"};
    };
    JsonObject data = payment.copy();
    data.remove("phone");
    answer(ctx, 200, new JsonObject().put("code", codeAndMessage[0]).put("message", codeAndMessage[1]).put("data", data)
        .put("api_response_id", responseId()));
  }

  private void checkoutPage(RoutingContext ctx) {
    String transactionId = transactionsByToken.get(ctx.pathParam("token"));
    JsonObject payment = transactionId == null ? null : payments.get(transactionId);
    ctx.response().setStatusCode(payment == null ? 404 : 200).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(payment == null ? "Paiement inconnu" : "Paiement simulé : " + payment.getString("status"));
  }

  /** The JSON request if it carries this wallet's API key and site id; otherwise answered here, and null. */
  private JsonObject authorisedRequest(RoutingContext ctx) {
    JsonObject request;
    try {
      request = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      request = null;
    }
    if (request == null) {
      answer(ctx, 400, error("608", "MINIMUM_REQUIRED_FIELDS", "Les champs obligatoires minimum ne sont pas renseignés"));
      return null;
    }
    if (!api.apiKey().equals(request.getString("apikey")) || !api.siteId().equals(String.valueOf(request.getValue("site_id")))) {
      answer(ctx, 401, error("609", "AUTH_NOT_FOUND", "Apikey introuvable"));
      return null;
    }
    return request;
  }

  private static JsonObject error(String code, String message, String description) {
    return new JsonObject().put("code", code).put("message", message).put("description", description)
        .put("api_response_id", responseId());
  }

  private static String responseId() {
    return System.currentTimeMillis() / 1000 + "." + ThreadLocalRandom.current().nextInt(1000, 10000);
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
