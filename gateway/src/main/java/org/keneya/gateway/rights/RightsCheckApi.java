package org.keneya.gateway.rights;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Principal;
import org.keneya.gateway.JsonApi;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.RouteGroup;
import org.keneya.gateway.accounts.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/rights/<member number>}: a health centre checks, before care, whether a
 * person (their member number) or each person of a household (its number) has open rights. By an
 * account with the health-centre role, for the members of the mutuals its centre serves; each
 * check is written to the audit log (which account looked at whom).
 */
public final class RightsCheckApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(RightsCheckApi.class);
  public static final String PATH_PREFIX = "/api/v1/rights/";

  private final KeneyaConfig config;
  private final RightsChecks checks;
  private final Messages messages;
  private final Metrics metrics;
  private final Access access;

  public RightsCheckApi(KeneyaConfig config, RightsChecks checks, Messages messages, Metrics metrics, Access access) {
    this.config = config;
    this.checks = checks;
    this.messages = messages;
    this.metrics = metrics;
    this.access = access;
  }

  @Override
  public void addRoutes(Router router) {
    router.get(PATH_PREFIX + ":memberNumber").handler(access.require(Permission.RIGHTS_CHECK)).handler(this::check);
  }

  /** The mutuals whose members the principal may check: those of its centres (an administrator: all). */
  private Set<String> mutuals(Principal principal) {
    Set<String> mutuals = new HashSet<>();
    if (principal.administrator()) config.mutuals().forEach(m -> mutuals.add(m.id()));
    for (KeneyaConfig.HealthCentre centre : config.healthCentresOrEmpty()) {
      if (principal.healthCentres().contains(centre.id())) mutuals.addAll(centre.mutuals());
    }
    return mutuals;
  }

  private void check(RoutingContext ctx) {
    Principal principal = Access.principal(ctx);
    String number = ctx.pathParam("memberNumber").trim().toUpperCase(java.util.Locale.ROOT);
    checks.check(mutuals(principal), Access.actor(ctx), number, "api").onComplete(result -> {
      if (result.failed()) {
        LOG.error("rights check of {} failed", number, result.cause());
        JsonApi.internalError(ctx);
      } else if (result.result().isEmpty()) {
        JsonApi.json(ctx, 404, JsonApi.error("not_found", "no member " + number + " in the mutuals this centre serves"));
      } else {
        JsonApi.json(ctx, 200, describe(result.result().get()));
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
}
