package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.json;

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
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Principal;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.flows.people.NewHousehold.FieldError;
import org.keneya.gateway.RouteGroup;
import org.keneya.gateway.accounts.Access;

/**
 * {@code POST /api/v1/households/import} (permission {@code HOUSEHOLDS_ENROL}): a mutual's register as
 * CSV, one row a person, grouped into households by the {@code household} column. Each household is
 * created whole or not at all; the answer reports every row.
 */
public final class HouseholdImportApi implements RouteGroup {
  private static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;
  private static final List<String> COLUMNS =
      List.of("household", "mutual", "section", "product", "guarantee_level", "role", "name", "birth_year", "msisdn", "language");

  private final KeneyaConfig config;
  private final PgHouseholds households;
  private final Clock clock;
  private final Access access;

  public HouseholdImportApi(KeneyaConfig config, PgHouseholds households, Clock clock, Access access) {
    this.config = config;
    this.households = households;
    this.clock = clock;
    this.access = access;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/v1/households/import").handler(BodyHandler.create(false).setBodyLimit(MAX_IMPORT_BYTES))
        .handler(access.require(Permission.HOUSEHOLDS_ENROL)).handler(this::importCsv);
  }

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
    return households.create(command, msisdn, today, new Actor(principal.accountId(), principal.name()))
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
}
