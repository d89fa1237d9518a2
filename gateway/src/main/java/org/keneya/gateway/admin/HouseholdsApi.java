package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.errors;
import static org.keneya.gateway.JsonApi.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.JsonPaths;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.flows.people.NewHousehold.FieldError;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.ussd.HouseholdView;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.gateway.RouteGroup;
import org.keneya.gateway.Views;
import org.keneya.gateway.accounts.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One household at a time: {@code POST /api/v1/households} enrols one (permission {@code HOUSEHOLDS_ENROL}
 * in its section), {@code GET /api/v1/households/<id>} shows its members, rights, what it owes and its
 * receipts (permission {@code HOUSEHOLDS_READ}). A household of another mutual or section is not found.
 */
public final class HouseholdsApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(HouseholdsApi.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final KeneyaConfig config;
  private final PgHouseholds households;
  private final Messages messages;
  private final Clock clock;
  private final Access access;

  public HouseholdsApi(KeneyaConfig config, PgHouseholds households, Messages messages, Clock clock, Access access) {
    this.config = config;
    this.households = households;
    this.messages = messages;
    this.clock = clock;
    this.access = access;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/v1/households").handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(access.require(Permission.HOUSEHOLDS_ENROL)).handler(this::create);
    router.get("/api/v1/households/:id").handler(access.require(Permission.HOUSEHOLDS_READ)).handler(this::household);
  }

  private void create(RoutingContext ctx) {
    NewHousehold command;
    try {
      String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
      command = JSON.readValue(text, NewHousehold.class);
    } catch (JsonMappingException e) {
      json(ctx, 400, errors(List.of(new FieldError(JsonPaths.of(e, "body"), describe(e)))));
      return;
    } catch (Exception e) {
      json(ctx, 400, errors(List.of(new FieldError("body", "not valid JSON"))));
      return;
    }
    if (command == null) {
      json(ctx, 400, errors(List.of(new FieldError("body", "a JSON object is required"))));
      return;
    }
    LocalDate today = LocalDate.now(clock);
    List<FieldError> problems = command.validate(config, today.getYear());
    if (!problems.isEmpty()) {
      json(ctx, 400, errors(problems));
      return;
    }
    if (!Access.principal(ctx).may(Permission.HOUSEHOLDS_ENROL, command.mutual(), command.section())) {
      json(ctx, 404, error("not_found", "no section " + command.section() + " of " + command.mutual() + " among this account's"));
      return;
    }
    Msisdn head = Msisdn.parse(command.headMsisdn(), config.defaultCountryCode()).orElseThrow();
    households.create(command, head, today, Access.actor(ctx)).onComplete(result -> {
      if (result.succeeded()) {
        HouseholdRecord.Created created = result.result();
        LOG.info("household created id={} number={} mutual={}", created.id(), created.memberNumber(), command.mutual());
        json(ctx, 201, created(created));
      } else if (result.cause() instanceof PgHouseholds.DuplicateHousehold duplicate) {
        json(ctx, 409, errors(List.of(new FieldError("headMsisdn", duplicate.getMessage()))));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  private static String describe(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Unrecognized field")) return "unknown field";
    if (message.contains("Cannot deserialize value of type `java.lang.Integer`")) return "must be a whole number";
    if (message.contains("Cannot deserialize value of type `java.util.List")) return "must be a list";
    if (message.contains("Cannot deserialize value of type `java.lang.String`")) return "must be text";
    return "wrong kind of value";
  }

  private static JsonObject created(HouseholdRecord.Created created) {
    JsonArray members = new JsonArray();
    created.members().forEach(m -> members.add(new JsonObject().put("memberNumber", m.memberNumber()).put("name", m.name()).put("role", m.role())));
    return new JsonObject().put("id", created.id().toString()).put("memberNumber", created.memberNumber()).put("members", members);
  }

  private void household(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      json(ctx, 404, error("not_found", "no household with id " + ctx.pathParam("id")));
      return;
    }
    households.findById(id, 50).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else if (result.result().isEmpty()
          || !Access.principal(ctx).may(Permission.HOUSEHOLDS_READ, result.result().get().mutualId(), result.result().get().sectionId())) {
        // Another mutual's or section's household is not told apart from one that does not exist.
        json(ctx, 404, error("not_found", "no household with id " + id));
      } else {
        json(ctx, 200, describe(result.result().get()));
      }
    });
  }

  private JsonObject describe(HouseholdRecord h) {
    HouseholdView view = Views.household(config, h);
    LocalDate today = LocalDate.now(clock);
    // The household as a whole: the cover of all its persons' receipts taken together.
    int grace = view.product().gracePeriodMonths();
    List<RightsPolicy.PaidPeriod> all = h.members().stream().flatMap(m -> m.periods().stream()).toList();
    RightsStatus rights = RightsPolicy.evaluate(h.firstPaidOn(), RightsPolicy.coverStartedOn(all, grace), h.coveredUntil(), today,
        view.product());
    JsonObject body = new JsonObject()
        .put("id", h.id().toString()).put("memberNumber", h.memberNumber())
        .put("mutual", h.mutualId()).put("section", h.sectionId())
        .put("product", h.enrolment().productId()).put("guaranteeLevel", h.enrolment().guaranteeLevel())
        .put("headMsisdn", h.headMsisdn()).put("language", h.language()).put("createdAt", h.createdAt().toString())
        .put("persons", h.persons()).put("currency", view.mutual().currency());
    JsonArray members = new JsonArray();
    h.members().forEach(m -> {
      RightsStatus own = RightsPolicy.evaluate(m.firstPaidOn(), m.coverStartedOn(grace), m.coveredUntil(), today, view.product());
      members.add(new JsonObject().put("memberNumber", m.memberNumber()).put("name", m.name())
          .put("birthYear", m.birthYear()).put("role", m.role())
          .put("rights", new JsonObject().put("status", own.code()).put("text", messages.rights(h.language(), own))
              .put("firstPaidOn", str(m.firstPaidOn())).put("coveredUntil", str(m.coveredUntil()))));
    });
    body.put("members", members);
    body.put("rights", new JsonObject().put("status", rights.code()).put("text", messages.rights(h.language(), rights))
        .put("firstPaidOn", str(h.firstPaidOn())).put("coveredUntil", str(h.coveredUntil())));
    boolean covered = rights instanceof RightsStatus.Open || rights instanceof RightsStatus.Waiting;
    if (view.product().contribution() instanceof ProductConfig.ContributionRule.PerQuantity perQuantity) {
      // Owed per quantity sold: no amount is due until the household declares its harvest.
      body.put("amountDue", (Object) null).put("contributionRule",
          perQuantity.amountPerUnit() + " " + view.mutual().currency() + " per " + perQuantity.unit() + " sold");
    } else {
      ContributionQuote next = UssdEngine.quote(MenuState.initial("fr"), view);
      body.put("amountDue", covered ? 0 : next.memberPays());
      body.put("nextPayment", new JsonObject().put("contribution", next.contribution()).put("memberShare", next.memberShare())
          .put("funderShares", new JsonObject(new LinkedHashMap<>(next.funderShares())))
          .put("adhesionFee", next.adhesionFee()).put("total", next.memberPays()));
    }
    body.put("pendingPayment", h.pendingAmount());
    JsonArray receipts = new JsonArray();
    h.receipts().forEach(r -> receipts.add(new JsonObject().put("receiptNumber", r.receiptNumber()).put("channel", r.channel())
        .put("amount", r.amount()).put("contribution", r.contribution()).put("memberShare", r.memberShare())
        .put("adhesionFee", r.adhesionFee()).put("currency", r.currency()).put("paidOn", str(r.paidOn()))
        .put("coveredFrom", str(r.coveredFrom())).put("coveredUntil", str(r.coveredUntil()))));
    body.put("receipts", receipts);
    return body;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
