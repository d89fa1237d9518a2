package org.keneya.gateway.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.keneya.adapters.orange.OrangeMoneyPush;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.config.WalletConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.keneya.gateway.RouteGroup;

/**
 * A stand-in for Orange Money's merchant payment API (USSD push), served under
 * {@code /simulator/<wallet id>} in the shapes {@code OrangeMoneyPush} speaks: token, init, pay,
 * paymentstatus. Once paid for, the "member" approves the PIN prompt after {@code approveAfterMillis}
 * (or the payment fails, for a number ending in 99) and the notification goes to the pay request's
 * {@code notifUrl}, unsigned as Orange sends it.
 */
public final class OrangeMoneySimulator implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(OrangeMoneySimulator.class);
  private static final String MERCHANT_PAYMENT = "/omcoreapis/1.0.2/mp";
  private static final List<String> PAY_FIELDS =
      List.of("notifUrl", "channelUserMsisdn", "amount", "subscriberMsisdn", "pin", "orderId", "payToken");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HHmm");

  private final Vertx vertx;
  private final WebClient client;
  private final String walletId;
  private final OrangeMoneyPush.Settings config;
  private final String selfBaseUrl;
  private final long approveAfterMillis;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, JsonObject> payments = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong(74_581_000);

  public OrangeMoneySimulator(Vertx vertx, WalletConfig wallet, String selfBaseUrl, long approveAfterMillis) {
    this.vertx = vertx;
    // Notifications go out as fast as payments settle: the default five connections would queue them.
    this.client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.walletId = wallet.id();
    this.config = WalletKind.settings(wallet, OrangeMoneyPush.Settings.class);
    this.selfBaseUrl = selfBaseUrl;
    this.approveAfterMillis = approveAfterMillis;
  }

  @Override
  public void addRoutes(Router router) {
    String prefix = "/simulator/" + walletId;
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    router.post(prefix + "/token").handler(body).handler(this::token);
    router.post(prefix + MERCHANT_PAYMENT + "/init").handler(this::init);
    router.post(prefix + MERCHANT_PAYMENT + "/pay").handler(body).handler(this::pay);
    router.get(prefix + MERCHANT_PAYMENT + "/paymentstatus/:payToken").handler(this::status);
    LOG.info("simulated Orange Money merchant payment at {}{}", selfBaseUrl, prefix);
  }

  private void token(RoutingContext ctx) {
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString((config.clientId() + ":" + config.clientSecret()).getBytes(StandardCharsets.UTF_8));
    if (!same(expected, ctx.request().getHeader("Authorization"))) {
      json(ctx, 401, new JsonObject().put("error", "invalid_client").put("error_description", "Client Authentication failed."));
      return;
    }
    if (!"client_credentials".equals(ctx.request().getFormAttribute("grant_type"))) {
      json(ctx, 400, new JsonObject().put("error", "unsupported_grant_type"));
      return;
    }
    String token = UUID.randomUUID().toString();
    tokens.add(token);
    json(ctx, 200, new JsonObject().put("access_token", token).put("scope", "am_application_scope default")
        .put("token_type", "Bearer").put("expires_in", 3600));
  }

  private void init(RoutingContext ctx) {
    if (!authorised(ctx)) return;
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String payToken = "MP" + now.format(DAY) + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();
    payments.put(payToken, new JsonObject().put("id", sequence.incrementAndGet()).put("createtime", Long.toString(now.toEpochSecond()))
        .put("payToken", payToken).put("status", "INITIATED").put("inittxnmessage", "").putNull("txnid"));
    json(ctx, 200, new JsonObject().put("message", "Payment request successfully initiated")
        .put("data", new JsonObject().put("payToken", payToken)));
  }

  private void pay(RoutingContext ctx) {
    if (!authorised(ctx)) return;
    JsonObject body = payRequest(ctx);
    if (body == null) {
      json(ctx, 400, new JsonObject().put("message", "Missing or invalid parameters"));
      return;
    }
    JsonObject payment = payments.get(body.getString("payToken"));
    String refusal = payment == null || !"INITIATED".equals(payment.getString("status")) ? "payToken invalide ou deja utilise"
        : !same(config.pin(), body.getString("pin")) || !config.channelUserMsisdn().equals(body.getString("channelUserMsisdn"))
            ? "Identifiants du marchand incorrects"
        : !body.getString("amount").matches("[1-9][0-9]*") ? "Montant invalide"
        : body.getString("orderId").length() > 20 ? "orderId trop long"
        : null;
    if (refusal != null) {
      json(ctx, 417, new JsonObject().put("message", refusal));
      return;
    }
    String subscriber = body.getString("subscriberMsisdn");
    payment.put("subscriberMsisdn", subscriber).put("amount", Long.parseLong(body.getString("amount")))
        .put("txnmode", body.getString("orderId")).put("notifUrl", body.getString("notifUrl"))
        .put("description", body.getString("description", "")).put("channelUserMsisdn", body.getString("channelUserMsisdn"))
        .put("inittxnstatus", "200").put("inittxnmessage", "Le client devra confirmer le paiement en saisissant son code PIN.")
        .putNull("confirmtxnstatus").putNull("confirmtxnmessage").put("status", "PENDING");
    json(ctx, 200, new JsonObject().put("message", "Merchant payment successfully initiated").put("data", payment.copy()));
    vertx.setTimer(Math.max(1, approveAfterMillis), t -> settle(payment, subscriber));
  }

  /** The pay request with every field as a string, or null when one is missing or the body is not JSON. */
  private static JsonObject payRequest(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null || PAY_FIELDS.stream().anyMatch(field -> body.getValue(field) == null)) return null;
      JsonObject request = new JsonObject();
      body.forEach(field -> request.put(field.getKey(), String.valueOf(field.getValue())));
      return request;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private void settle(JsonObject payment, String subscriber) {
    if (subscriber.endsWith("99")) {
      payment.put("status", "FAILED").put("confirmtxnstatus", "60019").put("confirmtxnmessage", "Le solde du compte du payeur est insuffisant");
    } else {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      String transaction = "MP" + now.format(DAY) + "." + now.format(MINUTE) + ".C" + (sequence.incrementAndGet() % 100_000);
      payment.put("status", "SUCCESSFULL").put("txnid", transaction).put("confirmtxnstatus", "200")
          .put("confirmtxnmessage", "Paiement reussi. ID transaction:" + transaction + ", Montant:" + payment.getLong("amount") + " FCFA.");
    }
    JsonObject notification = new JsonObject().put("payToken", payment.getString("payToken")).put("status", payment.getString("status"))
        .put("message", payment.getString("confirmtxnmessage"));
    LOG.info("simulated Orange Money payment payToken={} subscriber=****{} status={}", payment.getString("payToken"),
        subscriber.substring(Math.max(0, subscriber.length() - 4)), payment.getString("status"));
    client.postAbs(payment.getString("notifUrl")).timeout(5000).sendJsonObject(notification)
        .onFailure(e -> LOG.warn("simulated Orange Money notification failed: {}", e.toString()));
  }

  private void status(RoutingContext ctx) {
    if (!authorised(ctx)) return;
    JsonObject payment = payments.get(ctx.pathParam("payToken"));
    if (payment == null) {
      json(ctx, 404, new JsonObject().put("message", "Transaction not found"));
      return;
    }
    json(ctx, 200, new JsonObject().put("message", "Transaction retrieved successfully").put("data", payment.copy()));
  }

  private boolean authorised(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    boolean bearer = authorization != null && authorization.startsWith("Bearer ") && tokens.contains(authorization.substring(7));
    if (bearer && same(config.authToken(), ctx.request().getHeader("X-AUTH-TOKEN"))) return true;
    json(ctx, 401, new JsonObject().put("fault", new JsonObject().put("code", 900901).put("message", "Invalid Credentials")));
    return false;
  }

  private static boolean same(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
