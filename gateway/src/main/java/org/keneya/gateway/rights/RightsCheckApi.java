package org.keneya.gateway.rights;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.keneya.adapters.pg.HouseholdRecord;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/rights/<member number>}: a health centre checks, before care, whether a
 * person (their member number) or each person of a household (its number) has open rights. Behind
 * the centre's own bearer token, for the members of the mutuals it serves; each check is written
 * to the audit log (who looked at whom).
 */
public final class RightsCheckApi {
  private static final Logger LOG = LoggerFactory.getLogger(RightsCheckApi.class);
  public static final String PATH_PREFIX = "/api/v1/rights/";

  private final KeneyaConfig config;
  private final RightsChecks checks;
  private final Messages messages;
  private final Metrics metrics;

  public RightsCheckApi(KeneyaConfig config, RightsChecks checks, Messages messages, Metrics metrics) {
    this.config = config;
    this.checks = checks;
    this.messages = messages;
    this.metrics = metrics;
  }

  public void addRoutes(Router router) {
    router.get(PATH_PREFIX + ":memberNumber").handler(this::check);
  }

  /** The centre whose token the request carries (compared in constant time with each), if any. */
  private Optional<KeneyaConfig.HealthCentre> centre(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) return Optional.empty();
    byte[] given = header.getBytes(StandardCharsets.UTF_8);
    KeneyaConfig.HealthCentre found = null;
    for (KeneyaConfig.HealthCentre centre : config.healthCentresOrEmpty()) {
      if (MessageDigest.isEqual(given, ("Bearer " + centre.token()).getBytes(StandardCharsets.UTF_8))) found = centre;
    }
    return Optional.ofNullable(found);
  }

  private void check(RoutingContext ctx) {
    Optional<KeneyaConfig.HealthCentre> centre = centre(ctx);
    if (centre.isEmpty()) {
      metrics.rightsCheck("unauthorized");
      respond(ctx, 401, new JsonObject().put("error", "unauthorized").put("message", "a health centre's bearer token is required"));
      return;
    }
    String number = ctx.pathParam("memberNumber").trim().toUpperCase(java.util.Locale.ROOT);
    checks.check(centre.get(), number, "api").onComplete(result -> {
      if (result.failed()) {
        LOG.error("rights check of {} failed", number, result.cause());
        respond(ctx, 500, new JsonObject().put("error", "internal").put("message", "internal error; it has been logged"));
      } else if (result.result().isEmpty()) {
        respond(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no member " + number + " in the mutuals this centre serves"));
      } else {
        respond(ctx, 200, describe(result.result().get()));
      }
    });
  }

  private JsonObject describe(RightsChecks.Checked checked) {
    JsonArray persons = new JsonArray();
    for (RightsChecks.PersonRights person : checked.persons()) {
      persons.add(new JsonObject().put("memberNumber", person.member().memberNumber()).put("name", person.member().name())
          .put("birthYear", person.member().birthYear()).put("status", person.status().code()).put("covered", person.covered())
          .put("text", messages.rights(Messages.DEFAULT_LANGUAGE, person.status())));
    }
    HouseholdRecord household = checked.household();
    return new JsonObject().put("household", household.memberNumber()).put("mutual", household.mutualId())
        .put("section", household.sectionId()).put("product", checked.product().name()).put("checkedOn", checked.today().toString())
        .put("persons", persons);
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
