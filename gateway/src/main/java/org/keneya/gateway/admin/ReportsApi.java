package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.accounts.Access.mutualOf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keneya.adapters.pg.PgReports;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.reports.Recovery;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/mutuals/<mutual>/reports/monthly?month=2026-10[&section=konna][&format=csv]},
 * permission {@code REPORTS_READ}: the month's member contributions expected and collected and the
 * recovery rate, persons enrolled and covered at the month's end, receipts by channel, and what
 * went to the guarantee fund; for the mutual or one section.
 */
public final class ReportsApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReportsApi.class);

  private final KeneyaConfig config;
  private final PgReports reports;
  private final Clock clock;
  private final Access access;

  public ReportsApi(KeneyaConfig config, PgReports reports, Clock clock, Access access) {
    this.access = access;
    this.config = config;
    this.reports = reports;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/v1/mutuals/:mutual/reports/monthly").handler(access.require(Permission.REPORTS_READ)).handler(this::monthly);
  }

  private void monthly(RoutingContext ctx) {
    Optional<MutualConfig> mutual = mutualOf(ctx, config, Permission.REPORTS_READ);
    if (mutual.isEmpty()) return;
    String section = ctx.queryParams().get("section");
    if (section != null && mutual.get().section(section).isEmpty()) {
      json(ctx, 404, error("not_found", "no section " + section + " in " + mutual.get().id()));
      return;
    }
    YearMonth month;
    try {
      month = YearMonth.parse(String.valueOf(ctx.queryParams().get("month")));
    } catch (DateTimeParseException e) {
      json(ctx, 400, error("bad_period", "month must be given as 2026-10"));
      return;
    }
    if (month.getYear() < 2000) {
      // Nothing was paid through the gateway before; a year out of range would only reach the database to fail there.
      json(ctx, 400, error("bad_period", "month " + month + " is before any contribution was recorded"));
      return;
    }
    if (month.isAfter(YearMonth.now(clock))) {
      json(ctx, 400, error("bad_period", "month " + month + " has not begun"));
      return;
    }
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    boolean csv = "csv".equals(ctx.queryParams().get("format"));
    reports.month(mutual.get().id(), section, first, last).onComplete(result -> {
      if (result.failed()) {
        LOG.error("monthly report of {} {} failed", mutual.get().id(), month, result.cause());
        internalError(ctx);
        return;
      }
      JsonObject report = describe(mutual.get(), section, month, result.result());
      if (csv) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"report-" + mutual.get().id() + (section == null ? "" : "-" + section)
                + "-" + month + ".csv\"")
            .end(csv(report));
      } else {
        json(ctx, 200, report);
      }
    });
  }

  private JsonObject describe(MutualConfig mutual, String section, YearMonth month, PgReports.Month figures) {
    long expected = 0;
    long enrolled = 0;
    long covered = 0;
    long households = 0;
    long coveredHouseholds = 0;
    List<String> notExpected = new ArrayList<>();
    for (PgReports.Enrolled group : figures.enrolled()) {
      enrolled += group.persons();
      covered += group.covered();
      households += group.households();
      coveredHouseholds += group.coveredHouseholds();
      Optional<ProductConfig> product = config.product(group.productId());
      Optional<Long> perPerson = product.flatMap(p -> Recovery.expectedPerPersonPerMonth(p, mutual.currency(), group.guaranteeLevel()));
      if (perPerson.isPresent()) expected += perPerson.get() * group.persons();
      else if (!notExpected.contains(group.productId())) notExpected.add(group.productId());
    }
    long collected = figures.channels().stream().mapToLong(PgReports.Channel::memberShare).sum();
    JsonArray channels = new JsonArray();
    for (PgReports.Channel channel : figures.channels()) {
      channels.add(new JsonObject().put("channel", channel.channel()).put("name", channelName(channel.channel()))
          .put("receipts", channel.receipts()).put("amount", channel.amount()).put("contributions", channel.memberShare())
          .put("adhesionFees", channel.adhesionFees()));
    }
    Optional<Long> rate = Recovery.ratePerMille(collected, expected);
    return new JsonObject().put("mutual", mutual.id()).put("section", section).put("month", month.toString()).put("currency", mutual.currency())
        .put("households", new JsonObject().put("enrolled", households).put("coveredAtMonthEnd", coveredHouseholds))
        .put("persons", new JsonObject().put("enrolled", enrolled).put("coveredAtMonthEnd", covered))
        .put("contributions", new JsonObject().put("expected", expected).put("collected", collected)
            .put("recoveryRatePercent", rate.map(Recovery::percent).orElse(null))
            // Harvest contributions depend on the crop sold: nothing is expected of them by month.
            .put("productsWithoutMonthlyExpectation", new JsonArray(notExpected)))
        .put("receiptsByChannel", channels)
        .put("guaranteeFund", figures.guaranteeFund());
  }

  private String channelName(String channel) {
    if (channel.startsWith("wallet:")) {
      String id = channel.substring("wallet:".length());
      return config.wallet(id).map(w -> w.name()).orElse(id);
    }
    return channel;
  }

  /** The report as "metric,value" lines, one per figure and per channel, for spreadsheets. */
  private static String csv(JsonObject report) {
    StringBuilder out = new StringBuilder("metric,value\n");
    out.append("mutual,").append(report.getString("mutual")).append('\n');
    out.append("section,").append(report.getString("section") == null ? "" : report.getString("section")).append('\n');
    out.append("month,").append(report.getString("month")).append('\n');
    out.append("currency,").append(report.getString("currency")).append('\n');
    JsonObject households = report.getJsonObject("households");
    out.append("households_enrolled,").append(households.getLong("enrolled")).append('\n');
    out.append("households_covered_at_month_end,").append(households.getLong("coveredAtMonthEnd")).append('\n');
    JsonObject persons = report.getJsonObject("persons");
    out.append("persons_enrolled,").append(persons.getLong("enrolled")).append('\n');
    out.append("persons_covered_at_month_end,").append(persons.getLong("coveredAtMonthEnd")).append('\n');
    JsonObject contributions = report.getJsonObject("contributions");
    out.append("contributions_expected,").append(contributions.getLong("expected")).append('\n');
    out.append("contributions_collected,").append(contributions.getLong("collected")).append('\n');
    out.append("recovery_rate_percent,").append(contributions.getString("recoveryRatePercent") == null ? "" : contributions.getString("recoveryRatePercent")).append('\n');
    for (Object c : report.getJsonArray("receiptsByChannel")) {
      JsonObject channel = (JsonObject) c;
      out.append("receipts:").append(channel.getString("channel")).append(',').append(channel.getLong("receipts")).append('\n');
      out.append("amount:").append(channel.getString("channel")).append(',').append(channel.getLong("amount")).append('\n');
    }
    out.append("guarantee_fund,").append(report.getLong("guaranteeFund")).append('\n');
    return out.toString();
  }
}
