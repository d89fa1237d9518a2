package org.keneya.gateway.rights;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.keneya.adapters.pg.HouseholdRecord;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
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
  private final PgHouseholds households;
  private final Pool pool;
  private final Messages messages;
  private final Clock clock;
  private final Metrics metrics;

  public RightsCheckApi(KeneyaConfig config, PgHouseholds households, Pool pool, Messages messages, Clock clock, Metrics metrics) {
    this.config = config;
    this.households = households;
    this.pool = pool;
    this.messages = messages;
    this.clock = clock;
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
    households.findByMemberNumber(number, 0).onComplete(result -> {
      if (result.failed()) {
        LOG.error("rights check of {} failed", number, result.cause());
        respond(ctx, 500, new JsonObject().put("error", "internal").put("message", "internal error; it has been logged"));
        return;
      }
      Optional<HouseholdRecord> household = result.result().filter(h -> centre.get().mutuals().contains(h.mutualId()));
      if (household.isEmpty()) {
        // Members of mutuals the centre does not serve are not told apart from unknown numbers.
        metrics.rightsCheck("unknown_member");
        respond(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no member " + number + " in the mutuals this centre serves"));
        return;
      }
      JsonObject body = describe(household.get(), number);
      metrics.rightsCheck("checked");
      pool.preparedQuery("INSERT INTO audit_log (actor, action, subject, detail) VALUES ($1, 'rights.checked', $2, $3)")
          .execute(Tuple.of("health-centre:" + centre.get().id(), "member:" + number, new JsonObject().put("persons", body.getJsonArray("persons").size())))
          .onComplete(logged -> {
            if (logged.failed()) LOG.warn("rights check of {} by {} not written to the audit log: {}", number, centre.get().id(), logged.cause().toString());
            respond(ctx, 200, body);
          });
    });
  }

  private JsonObject describe(HouseholdRecord household, String number) {
    ProductConfig product = config.product(household.enrolment().productId()).orElseThrow();
    LocalDate today = LocalDate.now(clock);
    JsonArray persons = new JsonArray();
    for (HouseholdRecord.Member member : household.members()) {
      if (!number.equals(household.memberNumber()) && !number.equals(member.memberNumber())) continue;
      RightsStatus status = RightsPolicy.evaluate(member.firstPaidOn(), member.coverStartedOn(product.gracePeriodMonths()),
          member.coveredUntil(), today, product);
      persons.add(new JsonObject().put("memberNumber", member.memberNumber()).put("name", member.name())
          .put("birthYear", member.birthYear()).put("status", status.code()).put("covered", status instanceof RightsStatus.Open
              || status instanceof RightsStatus.Grace)
          .put("text", messages.rights(Messages.DEFAULT_LANGUAGE, status)));
    }
    return new JsonObject().put("household", household.memberNumber()).put("mutual", household.mutualId())
        .put("section", household.sectionId()).put("product", product.name()).put("checkedOn", today.toString()).put("persons", persons);
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
