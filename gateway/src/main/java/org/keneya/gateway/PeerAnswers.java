package org.keneya.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How the gateway answers the services that call it (wallets, SMS aggregators): a status word and a sentence, as JSON. */
public final class PeerAnswers {
  private PeerAnswers() {}

  public static void outcome(RoutingContext ctx, int status, String outcome, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", outcome).put("message", message).encode());
  }
}
