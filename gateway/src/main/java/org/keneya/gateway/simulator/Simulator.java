package org.keneya.gateway.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.keneya.gateway.RouteGroup;

/**
 * Stand-ins for the outside world, served under /simulator when {@code simulator.enabled}: 
 * MoMo Collections-style wallets (token, request-to-pay, status, and a callback once the "member"
 * approves) and an Africa's Talking-style SMS API whose messages can be read back at
 * {@code GET /simulator/sms/messages}. They speak the same shapes as the real APIs, so the gateway
 * runs its real clients against them.
 */
public final class Simulator implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final int KEPT_MESSAGES = 200;

  private final Vertx vertx;
  private final WebClient client;
  private final long approveAfterMillis;
  private final Map<String, JsonObject> payments = new ConcurrentHashMap<>();
  private final Deque<JsonObject> messages = new ArrayDeque<>();
  private final AtomicLong transactions = new AtomicLong(1_000_000);

  private final List<String> momoWallets;

  /** @param momoWallets the ids of the wallets that speak the MoMo API, each served under /simulator/&lt;id&gt; */
  public Simulator(Vertx vertx, long approveAfterMillis, List<String> momoWallets) {
    this.vertx = vertx;
    // Notifications go out as fast as payments settle: the default five connections would queue them.
    this.client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.approveAfterMillis = approveAfterMillis;
    this.momoWallets = momoWallets;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    for (String wallet : momoWallets) {
      router.post("/simulator/" + wallet + "/collection/token/").handler(this::token);
      router.post("/simulator/" + wallet + "/collection/v1_0/requesttopay").handler(body).handler(this::requestToPay);
      router.get("/simulator/" + wallet + "/collection/v1_0/requesttopay/:referenceId").handler(this::status);
    }
    router.post("/simulator/sms/version1/messaging").handler(body).handler(this::sms);
    router.get("/simulator/sms/messages").handler(this::listMessages);
  }

  private void token(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("access_token", UUID.randomUUID().toString()).put("token_type", "access_token").put("expires_in", 3600));
  }

  private void requestToPay(RoutingContext ctx) {
    String reference = ctx.request().getHeader("X-Reference-Id");
    String callback = ctx.request().getHeader("X-Callback-Url");
    JsonObject body = ctx.body().asJsonObject();
    if (reference == null || body == null) {
      json(ctx, 400, new JsonObject().put("code", "INVALID_REQUEST"));
      return;
    }
    if (payments.putIfAbsent(reference, body.copy().put("status", "PENDING")) != null) {
      json(ctx, 409, new JsonObject().put("code", "RESOURCE_ALREADY_EXIST"));
      return;
    }
    ctx.response().setStatusCode(202).end();
    String payer = body.getJsonObject("payer", new JsonObject()).getString("partyId", "");
    vertx.setTimer(Math.max(1, approveAfterMillis), t -> {
      JsonObject payment = payments.get(reference);
      if (payer.endsWith("99")) {
        payment.put("status", "FAILED").put("reason", "APPROVAL_REJECTED");
      } else {
        payment.put("status", "SUCCESSFUL").put("financialTransactionId", Long.toString(transactions.incrementAndGet()));
      }
      if (callback != null) {
        client.putAbs(callback).sendJsonObject(payment).onFailure(e -> LOG.warn("simulated wallet callback failed: {}", e.toString()));
      }
    });
  }

  private void status(RoutingContext ctx) {
    JsonObject payment = payments.get(ctx.pathParam("referenceId"));
    if (payment == null) {
      json(ctx, 404, new JsonObject().put("code", "RESOURCE_NOT_FOUND"));
      return;
    }
    json(ctx, 200, payment);
  }

  private void sms(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String to = form.get("to");
    String messageId = "SIM-" + UUID.randomUUID();
    JsonObject message = new JsonObject().put("messageId", messageId).put("to", to).put("from", form.get("from"))
        .put("message", form.get("message"));
    synchronized (messages) {
      messages.addFirst(message);
      while (messages.size() > KEPT_MESSAGES) messages.removeLast();
    }
    LOG.info("simulated SMS messageId={} parts={}", messageId, (form.get("message") == null ? 0 : form.get("message").length() / 153 + 1));
    json(ctx, 201, new JsonObject().put("SMSMessageData", new JsonObject().put("Message", "Sent to 1/1")
        .put("Recipients", new JsonArray().add(new JsonObject().put("statusCode", 101).put("number", to)
            .put("status", "Success").put("cost", "XOF 0").put("messageId", messageId)))));
  }

  private void listMessages(RoutingContext ctx) {
    JsonArray list;
    synchronized (messages) {
      list = new JsonArray(messages.stream().map(JsonObject::copy).toList());
    }
    json(ctx, 200, new JsonObject().put("messages", list));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
