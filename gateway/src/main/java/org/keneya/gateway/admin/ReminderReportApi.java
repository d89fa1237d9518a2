package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.accounts.Access.mutualOf;

import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgReminders.SectionFigures;
import org.keneya.config.MutualConfig;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Permission {@code REPORTS_READ}: {@code GET /api/v1/mutuals/<mutual>/reports/reminders}, the mutual's
 * reminder campaigns; {@code GET /api/v1/mutuals/<mutual>/reports/reminders/<campaign>[?format=csv]},
 * one campaign by section: households targeted, reminders held by the weekly cap, sent, delivered,
 * failed, set aside because the household paid first, and households that paid within 7 and 30
 * days of their first reminder (the conversion).
 */
public final class ReminderReportApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderReportApi.class);
  private static final String[] COLUMNS = {"section", "households", "reminders", "held", "sent", "delivered", "failed", "cancelled",
      "paidWithin7Days", "paidWithin30Days", "conversion30DaysPercent"};

  private final org.keneya.config.KeneyaConfig config;
  private final PgReminders reminders;
  private final Access access;

  public ReminderReportApi(org.keneya.config.KeneyaConfig config, PgReminders reminders, Access access) {
    this.access = access;
    this.config = config;
    this.reminders = reminders;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/v1/mutuals/:mutual/reports/reminders").handler(access.require(Permission.REPORTS_READ)).handler(this::campaigns);
    router.get("/api/v1/mutuals/:mutual/reports/reminders/:campaign").handler(access.require(Permission.REPORTS_READ)).handler(this::campaign);
  }

  private void campaigns(RoutingContext ctx) {
    Optional<MutualConfig> mutual = mutualOf(ctx, config, Permission.REPORTS_READ);
    if (mutual.isEmpty()) return;
    reminders.campaigns(mutual.get().id()).onComplete(result -> {
      if (result.failed()) {
        LOG.error("reminder campaigns of {} could not be read", mutual.get().id(), result.cause());
        internalError(ctx);
        return;
      }
      JsonArray campaigns = new JsonArray();
      result.result().forEach(c -> campaigns.add(new JsonObject().put("campaign", c.id()).put("households", c.households())
          .put("firstChosenAt", c.first().toString()).put("lastChosenAt", c.last().toString())));
      json(ctx, 200, new JsonObject().put("mutual", mutual.get().id()).put("campaigns", campaigns));
    });
  }

  private void campaign(RoutingContext ctx) {
    Optional<MutualConfig> mutual = mutualOf(ctx, config, Permission.REPORTS_READ);
    if (mutual.isEmpty()) return;
    String campaign = ctx.pathParam("campaign");
    reminders.report(mutual.get().id(), campaign).onComplete(result -> {
      if (result.failed()) {
        LOG.error("reminder report {} of {} could not be read", campaign, mutual.get().id(), result.cause());
        internalError(ctx);
        return;
      }
      List<SectionFigures> sections = result.result();
      if (sections.isEmpty()) {
        json(ctx, 404, error("not_found", "no reminder campaign " + campaign + " in " + mutual.get().id()));
        return;
      }
      JsonObject report = describe(mutual.get(), campaign, sections);
      if ("csv".equals(ctx.queryParams().get("format"))) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"reminders-" + mutual.get().id() + "-" + campaign + ".csv\"")
            .end(csv(report));
      } else {
        json(ctx, 200, report);
      }
    });
  }

  private static JsonObject describe(MutualConfig mutual, String campaign, List<SectionFigures> sections) {
    JsonArray rows = new JsonArray();
    SectionFigures total = new SectionFigures("total", 0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (SectionFigures s : sections) {
      rows.add(row(s, mutual.section(s.sectionId()).map(MutualConfig.SectionConfig::name).orElse(s.sectionId())));
      total = new SectionFigures("total", total.households() + s.households(), total.reminders() + s.reminders(), total.held() + s.held(),
          total.sent() + s.sent(), total.delivered() + s.delivered(), total.failed() + s.failed(), total.cancelled() + s.cancelled(),
          total.paidWithin7Days() + s.paidWithin7Days(), total.paidWithin30Days() + s.paidWithin30Days());
    }
    return new JsonObject().put("mutual", mutual.id()).put("campaign", campaign).put("sections", rows).put("total", row(total, null));
  }

  private static JsonObject row(SectionFigures s, String name) {
    JsonObject row = new JsonObject().put("section", s.sectionId());
    if (name != null) row.put("name", name);
    return row.put("households", s.households()).put("reminders", s.reminders()).put("held", s.held()).put("sent", s.sent())
        .put("delivered", s.delivered()).put("failed", s.failed()).put("cancelled", s.cancelled())
        .put("paidWithin7Days", s.paidWithin7Days()).put("paidWithin30Days", s.paidWithin30Days())
        .put("conversion30DaysPercent", percent(s.paidWithin30Days(), s.households()));
  }

  /** One decimal, as text ("12.5"): a share of households, never a float in the books. */
  private static String percent(int part, int whole) {
    if (whole == 0) return null;
    long tenths = Math.round(part * 1000.0 / whole);
    return (tenths / 10) + "." + (tenths % 10);
  }

  private static String csv(JsonObject report) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    JsonArray sections = report.getJsonArray("sections");
    for (int i = 0; i <= sections.size(); i++) {
      JsonObject row = i < sections.size() ? sections.getJsonObject(i) : report.getJsonObject("total");
      List<String> values = new java.util.ArrayList<>();
      for (String column : COLUMNS) values.add(row.getValue(column) == null ? "" : String.valueOf(row.getValue(column)));
      out.append(String.join(",", values)).append('\n');
    }
    return out.toString();
  }
}
