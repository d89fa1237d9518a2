package org.keneya.gateway.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.adapters.wave.WaveCheckout;
import org.keneya.config.WalletConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.keneya.gateway.RouteGroup;

/**
 * A Wave Checkout stand-in under {@code /simulator/<wallet id>}: creates, reads and searches
 * checkout sessions as docs.wave.com/checkout shapes them, and once the "member" has paid
 * ({@code approveAfterMillis} later) delivers the event to {@code /callbacks/<wallet id>} the way
 * Wave's webhooks do, secured by the wallet's strategy (signature or shared secret). A session
 * restricted to a number ending in 99 fails with insufficient funds; a session without
 * {@code restrict_payer_mobile} names no payer, so it is paid.
 */
public final class WaveSimulator implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(WaveSimulator.class);

  private final Vertx vertx;
  private final WebClient client;
  private final WaveCheckout.Settings wave;
  private final String prefix;
  private final String selfBaseUrl;
  private final String webhookUrl;
  private final long approveAfterMillis;
  private final Map<String, JsonObject> sessions = new ConcurrentHashMap<>();

  public WaveSimulator(Vertx vertx, WalletConfig wallet, String selfBaseUrl, long approveAfterMillis) {
    this.vertx = vertx;
    // Notifications go out as fast as payments settle: the default five connections would queue them.
    this.client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.wave = WalletKind.settings(wallet, WaveCheckout.Settings.class);
    this.prefix = "/simulator/" + wallet.id();
    this.selfBaseUrl = selfBaseUrl.endsWith("/") ? selfBaseUrl.substring(0, selfBaseUrl.length() - 1) : selfBaseUrl;
    this.webhookUrl = this.selfBaseUrl + "/callbacks/" + wallet.id();
    this.approveAfterMillis = approveAfterMillis;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    router.post(prefix + "/v1/checkout/sessions").handler(body).handler(this::create);
    // Before ":id", which would otherwise take "search" for a session id.
    router.get(prefix + "/v1/checkout/sessions/search").handler(this::search);
    router.get(prefix + "/v1/checkout/sessions/:id").handler(this::read);
    router.get(prefix + "/c/:id").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Simulated Wave checkout " + ctx.pathParam("id") + ": it is paid automatically."));
  }

  private boolean authorized(RoutingContext ctx) {
    if (("Bearer " + wave.apiKey()).equals(ctx.request().getHeader("Authorization"))) return true;
    error(ctx, 401, "no-matching-api-key", "The key you provided doesn't exist in our system.");
    return false;
  }

  private void create(RoutingContext ctx) {
    if (!authorized(ctx)) return;
    JsonObject request;
    try {
      request = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      request = null;
    }
    if (request == null || !request.containsKey("amount") || !request.containsKey("currency")
        || !request.containsKey("success_url") || !request.containsKey("error_url")) {
      error(ctx, 400, "request-validation-error", "Request invalid");
      return;
    }
    String id = "cos-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonObject session = new JsonObject()
        .put("id", id)
        .put("amount", request.getValue("amount").toString())
        .put("checkout_status", "open")
        .put("client_reference", request.getValue("client_reference"))
        .put("currency", request.getValue("currency"))
        .put("error_url", request.getValue("error_url"))
        .put("last_payment_error", null)
        .put("business_name", "Keneya (simulated)")
        .put("payment_status", "processing")
        .put("restrict_payer_mobile", request.getValue("restrict_payer_mobile"))
        .put("success_url", request.getValue("success_url"))
        .put("wave_launch_url", selfBaseUrl + prefix + "/c/" + id)
        .put("when_created", now.toString())
        .put("when_expires", now.plus(1, ChronoUnit.DAYS).toString());
    sessions.put(id, session);
    json(ctx, 200, session);
    vertx.setTimer(Math.max(1, approveAfterMillis), t -> pay(session));
  }

  private void pay(JsonObject session) {
    String payer = session.getString("restrict_payer_mobile", "");
    String type;
    synchronized (session) {
      if (payer.endsWith("99")) {
        type = "checkout.session.payment_failed";
        session.put("payment_status", "cancelled").put("last_payment_error", new JsonObject()
            .put("code", "insufficient-client-funds").put("message", "The customer does not have enough funds in their Wave account."));
      } else {
        type = "checkout.session.completed";
        session.put("payment_status", "succeeded").put("checkout_status", "complete")
            .put("transaction_id", "T_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase())
            .put("when_completed", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      }
    }
    String body = new JsonObject().put("id", "AE_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .put("type", type).put("data", session.copy()).encode();
    HttpRequest<Buffer> delivery = client.postAbs(webhookUrl).putHeader("Content-Type", "application/json");
    if (wave.webhookSecurity() == WaveCheckout.Settings.WebhookSecurity.SHARED_SECRET) {
      delivery.putHeader("Authorization", "Bearer " + wave.webhookSecret());
    } else {
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      delivery.putHeader("Wave-Signature", "t=" + timestamp + ",v1=" + WaveCheckout.signature(wave.webhookSecret(), timestamp, body));
    }
    delivery.sendBuffer(Buffer.buffer(body))
        .onSuccess(r -> { if (r.statusCode() >= 300) LOG.warn("simulated wave webhook answered {}", r.statusCode()); })
        .onFailure(e -> LOG.warn("simulated wave webhook failed: {}", e.toString()));
  }

  private void read(RoutingContext ctx) {
    if (!authorized(ctx)) return;
    JsonObject session = sessions.get(ctx.pathParam("id"));
    if (session == null) {
      error(ctx, 404, "checkout-session-not-found", "The checkout session was not found.");
      return;
    }
    synchronized (session) {
      json(ctx, 200, session.copy());
    }
  }

  private void search(RoutingContext ctx) {
    if (!authorized(ctx)) return;
    String reference = ctx.request().getParam("client_reference");
    if (reference == null) {
      error(ctx, 400, "request-validation-error", "client_reference is required");
      return;
    }
    JsonArray result = new JsonArray();
    for (JsonObject session : sessions.values()) {
      synchronized (session) {
        if (reference.equals(session.getString("client_reference"))) result.add(session.copy());
      }
    }
    json(ctx, 200, new JsonObject().put("result", result));
  }


  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("code", code).put("message", message));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
