package org.keneya.gateway.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.JsonPaths;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
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
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Principal;
import org.keneya.gateway.Views;
import org.keneya.gateway.accounts.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mutuals, and households' enrolment and records, under /api/v1 (each route's permission below; see {@link Access}). */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;

  private final KeneyaConfig config;
  private final PgHouseholds households;
  private final Messages messages;
  private final Clock clock;
  private final Access access;

  public AdminApi(KeneyaConfig config, PgHouseholds households, Messages messages, Clock clock, Access access) {
    this.config = config;
    this.households = households;
    this.messages = messages;
    this.clock = clock;
    this.access = access;
  }

  public void addRoutes(Router router) {
    router.get("/api/v1/mutuals").handler(access.require(Permission.MUTUALS_READ)).handler(this::mutuals);
    router.post("/api/v1/households/import").handler(BodyHandler.create(false).setBodyLimit(MAX_IMPORT_BYTES))
        .handler(access.require(Permission.HOUSEHOLDS_ENROL)).handler(this::importCsv);
    router.post("/api/v1/households").handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(access.require(Permission.HOUSEHOLDS_ENROL)).handler(this::create);
    router.get("/api/v1/households/:id").handler(access.require(Permission.HOUSEHOLDS_READ)).handler(this::household);
  }

  private void mutuals(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    Principal principal = Access.principal(ctx);
    for (MutualConfig mutual : config.mutuals()) {
      if (!principal.knows(mutual.id())) continue;
      JsonArray sections = new JsonArray();
      mutual.sections().forEach(s -> sections.add(new JsonObject().put("id", s.id()).put("name", s.name())
          .put("contact", s.contact()).put("products", new JsonArray(s.offeredProducts(mutual)))));
      JsonArray products = new JsonArray();
      mutual.products().forEach(id -> config.product(id).ifPresent(p -> products.add(product(p))));
      list.add(new JsonObject().put("id", mutual.id()).put("code", mutual.code()).put("name", mutual.name())
          .put("union", mutual.union()).put("currency", mutual.currency()).put("contact", mutual.contact())
          .put("sections", sections).put("products", products));
    }
    json(ctx, 200, new JsonObject().put("mutuals", list));
  }

  private static JsonObject product(ProductConfig p) {
    return new JsonObject(JSON.convertValue(p, Map.class));
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
    java.util.List<RightsPolicy.PaidPeriod> all = h.members().stream().flatMap(m -> m.periods().stream()).toList();
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

  // ---- CSV import ----

  private static final List<String> COLUMNS =
      List.of("household", "mutual", "section", "product", "guarantee_level", "role", "name", "birth_year", "msisdn", "language");

  private record CsvRow(int line, Map<String, String> values) {
    String get(String column) {
      String v = values.get(column);
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  private void importCsv(RoutingContext ctx) {
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString(StandardCharsets.UTF_8.name());
    List<List<String>> table = Csv.parse(text);
    if (table.isEmpty()) {
      json(ctx, 400, error("empty", "the CSV has no header row; expected columns " + COLUMNS));
      return;
    }
    List<String> header = table.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    List<String> missing = COLUMNS.stream().filter(c -> !c.equals("guarantee_level") && !c.equals("language")
        && !c.equals("birth_year") && !header.contains(c)).toList();
    if (!missing.isEmpty()) {
      json(ctx, 400, error("bad_header", "missing columns " + missing + "; expected " + COLUMNS));
      return;
    }
    Map<String, List<CsvRow>> groups = new LinkedHashMap<>();
    List<JsonObject> report = new ArrayList<>();
    for (int i = 1; i < table.size(); i++) {
      List<String> cells = table.get(i);
      if (cells.stream().allMatch(String::isBlank)) continue;
      Map<String, String> values = new LinkedHashMap<>();
      for (int c = 0; c < header.size() && c < cells.size(); c++) values.put(header.get(c), cells.get(c));
      CsvRow row = new CsvRow(i + 1, values);
      String key = row.get("household");
      if (key == null) {
        report.add(rejected(row.line(), List.of("household: required (the register's family reference)")));
        continue;
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    Future<Void> chain = Future.succeededFuture();
    Principal principal = Access.principal(ctx);
    for (var group : groups.entrySet()) {
      chain = chain.compose(x -> importHousehold(principal, group.getKey(), group.getValue(), report));
    }
    chain.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      report.sort((a, b) -> Integer.compare(a.getInteger("row"), b.getInteger("row")));
      long created = report.stream().filter(r -> r.getString("status").equals("created")).count();
      json(ctx, 200, new JsonObject().put("created", created).put("rejected", report.size() - created)
          .put("households", groups.size()).put("rows", new JsonArray(new ArrayList<>(report))));
    });
  }

  private Future<Void> importHousehold(Principal principal, String key, List<CsvRow> rows, List<JsonObject> report) {
    List<CsvRow> heads = rows.stream().filter(r -> isHead(r.get("role"))).toList();
    List<CsvRow> others = rows.stream().filter(r -> !isHead(r.get("role"))).toList();
    List<String> badRoles = others.stream().filter(r -> !isMember(r.get("role"))).map(r -> "row " + r.line()).toList();
    if (heads.size() != 1 || !badRoles.isEmpty()) {
      String why = heads.size() != 1
          ? "household " + key + " needs exactly one row with role 'head' (found " + heads.size() + ")"
          : "role must be 'head' or 'member' (" + String.join(", ", badRoles) + ")";
      rows.forEach(r -> report.add(rejected(r.line(), List.of(why))));
      return Future.succeededFuture();
    }
    CsvRow head = heads.get(0);
    List<String> yearProblems = new ArrayList<>();
    Integer headYear = year(head, yearProblems);
    List<NewHousehold.NewMember> members = new ArrayList<>();
    Map<Integer, List<String>> memberYearProblems = new LinkedHashMap<>();
    for (int i = 0; i < others.size(); i++) {
      List<String> p = new ArrayList<>();
      members.add(new NewHousehold.NewMember(others.get(i).get("name"), year(others.get(i), p)));
      if (!p.isEmpty()) memberYearProblems.put(i, p);
    }
    NewHousehold command = new NewHousehold(head.get("mutual"), head.get("section"), head.get("product"), head.get("guarantee_level"),
        head.get("name"), headYear, head.get("msisdn"), head.get("language"), members);
    LocalDate today = LocalDate.now(clock);
    Map<Integer, List<String>> problems = new LinkedHashMap<>();
    if (!yearProblems.isEmpty()) problems.computeIfAbsent(head.line(), l -> new ArrayList<>()).addAll(yearProblems);
    memberYearProblems.forEach((i, p) -> problems.computeIfAbsent(others.get(i).line(), l -> new ArrayList<>()).addAll(p));
    for (FieldError error : command.validate(config, today.getYear())) {
      int line = head.line();
      String field = error.field();
      if (field.startsWith("members[")) {
        int index = Integer.parseInt(field.substring(8, field.indexOf(']')));
        line = others.get(index).line();
        field = field.substring(field.indexOf(']') + 2);
      }
      problems.computeIfAbsent(line, l -> new ArrayList<>()).add(column(field) + ": " + error.message());
    }
    if (problems.isEmpty() && !principal.may(Permission.HOUSEHOLDS_ENROL, command.mutual(), command.section())) {
      problems.put(head.line(), List.of("section: no section " + command.section() + " of " + command.mutual() + " among this account's"));
    }
    if (!problems.isEmpty()) {
      for (CsvRow r : rows) {
        List<String> own = problems.get(r.line());
        report.add(rejected(r.line(), own != null ? own
            : List.of("household " + key + " not created because of row(s) " + problems.keySet())));
      }
      return Future.succeededFuture();
    }
    Msisdn msisdn = Msisdn.parse(command.headMsisdn(), config.defaultCountryCode()).orElseThrow();
    return households.create(command, msisdn, today, new org.keneya.adapters.pg.Actor(principal.accountId(), principal.name()))
        .map(created -> {
          report.add(new JsonObject().put("row", head.line()).put("status", "created").put("household", key)
              .put("householdId", created.id().toString()).put("memberNumber", created.members().get(0).memberNumber()));
          for (int i = 0; i < others.size(); i++) {
            report.add(new JsonObject().put("row", others.get(i).line()).put("status", "created").put("household", key)
                .put("householdId", created.id().toString()).put("memberNumber", created.members().get(i + 1).memberNumber()));
          }
          return (Void) null;
        })
        .recover(e -> {
          if (!(e instanceof PgHouseholds.DuplicateHousehold)) return Future.failedFuture(e);
          rows.forEach(r -> report.add(rejected(r.line(), List.of("msisdn: " + e.getMessage()))));
          return Future.succeededFuture();
        });
  }

  private static Integer year(CsvRow row, List<String> problems) {
    String value = row.get("birth_year");
    if (value == null) return null;
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      problems.add("birth_year: not a year: '" + value + "'");
      return null;
    }
  }

  private static boolean isHead(String role) {
    return role != null && List.of("head", "chef").contains(role.toLowerCase(Locale.ROOT));
  }

  private static boolean isMember(String role) {
    return role != null && List.of("member", "membre", "dependant", "beneficiary", "beneficiaire").contains(role.toLowerCase(Locale.ROOT));
  }

  private static String column(String field) {
    return switch (field) {
      case "headName" -> "name";
      case "headBirthYear", "birthYear" -> "birth_year";
      case "headMsisdn" -> "msisdn";
      case "guaranteeLevel" -> "guarantee_level";
      default -> field;
    };
  }

  private static JsonObject rejected(int line, List<String> errors) {
    return new JsonObject().put("row", line).put("status", "rejected").put("errors", new JsonArray(errors));
  }

  // ---- JSON helpers ----

  private static String describe(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Unrecognized field")) return "unknown field";
    if (message.contains("Cannot deserialize value of type `java.lang.Integer`")) return "must be a whole number";
    if (message.contains("Cannot deserialize value of type `java.util.List")) return "must be a list";
    if (message.contains("Cannot deserialize value of type `java.lang.String`")) return "must be text";
    return "wrong kind of value";
  }

  private static JsonObject errors(List<FieldError> errors) {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
    return new JsonObject().put("errors", list);
  }

  /** The request's JSON object body; null when there is none or it is not a JSON object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body() == null ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code text} as a UUID; null when it is not one (answered as not found). */
  static UUID uuidOrNull(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** The mutual of the path's {@code :mutual}; when unknown, or not the principal's for {@code permission}, answers 404 and returns empty. */
  static java.util.Optional<MutualConfig> mutualOf(RoutingContext ctx, KeneyaConfig config, Permission permission) {
    java.util.Optional<MutualConfig> mutual = config.mutual(ctx.pathParam("mutual"))
        .filter(m -> Access.principal(ctx).may(permission, m.id(), null));
    if (mutual.isEmpty()) json(ctx, 404, error("not_found", "no mutual " + ctx.pathParam("mutual")));
    return mutual;
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
