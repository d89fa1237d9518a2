package org.keneya.gateway.rights;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import org.keneya.adapters.pg.PgPins;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.collectors.Pins;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /api/v1/health-centres/<centre>/pin} with {@code {"pin":"..."}}: an administrator sets
 * (or replaces) the PIN a health centre types before checking rights by USSD. Only its slow salted
 * hash is kept; setting it forgets the centre's wrong PINs and delays; audited. Behind the admin
 * API's authorisation, which runs before this handler.
 */
public final class CentrePinApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(CentrePinApi.class);

  private final Vertx vertx;
  private final KeneyaConfig config;
  private final PgPins pins;
  private final org.keneya.gateway.accounts.Access access;

  public CentrePinApi(Vertx vertx, KeneyaConfig config, PgPins pins, org.keneya.gateway.accounts.Access access) {
    this.access = access;
    this.vertx = vertx;
    this.config = config;
    this.pins = pins;
  }

  @Override
  public void addRoutes(Router router) {
    router.put("/api/v1/health-centres/:centreId/pin").handler(BodyHandler.create(false).setBodyLimit(4 * 1024))
        .handler(access.require(org.keneya.flows.accounts.Permission.CENTRE_PINS_SET)).handler(this::setPin);
  }

  private void setPin(RoutingContext ctx) {
    String centreId = ctx.pathParam("centreId");
    Optional<KeneyaConfig.HealthCentre> centre = config.healthCentresOrEmpty().stream().filter(c -> c.id().equals(centreId)).findFirst();
    if (centre.isEmpty()) {
      respond(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no health centre " + centreId));
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    Object value = body == null ? null : body.getValue("pin");
    String pin = value instanceof String s ? s : null;
    Optional<String> problem = Pins.problem(pin);
    if (problem.isPresent()) {
      respond(ctx, 400, new JsonObject().put("error", "bad_request")
          .put("message", "pin: " + problem.get() + " (send it as text in a JSON object, e.g. {\"pin\":\"4821\"})"));
      return;
    }
    vertx.executeBlocking(() -> Pins.hash(pin), false)
        .compose(hash -> pins.setCentrePin(centreId, hash, org.keneya.gateway.accounts.Access.actor(ctx)))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("PIN of health centre {} could not be set", centreId, result.cause());
            respond(ctx, 500, new JsonObject().put("error", "internal").put("message", "internal error; it has been logged"));
          } else {
            LOG.info("PIN of health centre {} set", centreId);
            respond(ctx, 200, new JsonObject().put("centre", centreId).put("pinSet", true));
          }
        });
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
