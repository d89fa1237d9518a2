package org.keneya.gateway.payments;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;

/**
 * Where the MoMo-style wallet calls back ({@code X-Callback-Url}), by PUT or POST. The callback is
 * only a hint: its body is never booked; the payment's status is asked of the wallet and applied.
 * 200 once applied; 404 for a reference we never issued; 503 when the wallet could not be asked,
 * so that the wallet calls again (and our status checks will get there anyway).
 */
public final class MomoCallbackRoute {
  private final PaymentService payments;

  public MomoCallbackRoute(PaymentService payments) {
    this.payments = payments;
  }

  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(64 * 1024);
    router.post("/callbacks/momo/:referenceId").handler(body).handler(this::callback);
    router.put("/callbacks/momo/:referenceId").handler(body).handler(this::callback);
  }

  private void callback(RoutingContext ctx) {
    UUID referenceId;
    try {
      referenceId = UUID.fromString(ctx.pathParam("referenceId"));
    } catch (IllegalArgumentException e) {
      respond(ctx, 404, "unknown payment reference");
      return;
    }
    payments.verifyCallback(referenceId).onComplete(result -> {
      if (result.failed()) {
        respond(ctx, 503, "try again later");
        return;
      }
      switch (result.result()) {
        case APPLIED -> respond(ctx, 200, "applied");
        case UNKNOWN_PAYMENT -> respond(ctx, 404, "unknown payment reference");
        case UNVERIFIED -> respond(ctx, 503, "could not verify with the provider; try again later");
      }
    });
  }

  private static void respond(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", message).encode());
  }
}
