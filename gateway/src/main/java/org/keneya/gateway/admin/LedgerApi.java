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
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.keneya.adapters.pg.PgLedger;
import org.keneya.config.AccountConfig;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;
import org.keneya.config.MutualConfig;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/mutuals/<mutual>/ledger/balances[?asOf=2026-11-30][&format=csv]}, behind the
 * permission {@code LEDGER_READ}: the trial balance of the mutual's journal, each account under its code and name in
 * the mutual's chart of accounts; debits and credits always total the same.
 */
public final class LedgerApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerApi.class);

  private final KeneyaConfig config;
  private final PgLedger ledger;
  private final Clock clock;
  private final Access access;

  public LedgerApi(KeneyaConfig config, PgLedger ledger, Clock clock, Access access) {
    this.access = access;
    this.config = config;
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/v1/mutuals/:mutual/ledger/balances").handler(access.require(Permission.LEDGER_READ)).handler(this::balances);
  }

  private void balances(RoutingContext ctx) {
    Optional<MutualConfig> mutual = mutualOf(ctx, config, Permission.LEDGER_READ);
    if (mutual.isEmpty()) return;
    LocalDate asOf;
    try {
      String given = ctx.queryParams().get("asOf");
      asOf = given == null ? LocalDate.now(clock) : LocalDate.parse(given);
    } catch (DateTimeParseException e) {
      json(ctx, 400, error("bad_period", "asOf must be a date like 2026-11-30"));
      return;
    }
    LocalDate day = asOf;
    Map<String, AccountConfig> chart = config.chartOf(mutual.get());
    ledger.balances(mutual.get().id(), day).onComplete(result -> {
      if (result.failed()) {
        LOG.error("balances of {} failed", mutual.get().id(), result.cause());
        internalError(ctx);
        return;
      }
      JsonArray accounts = new JsonArray();
      long debits = 0;
      long credits = 0;
      StringBuilder csv = new StringBuilder("code,name,account,currency,debits,credits,balance\n");
      for (PgLedger.Balance b : result.result()) {
        AccountConfig entry = chart.get(b.account());
        String code = entry == null ? "" : entry.code();
        String name = entry == null ? "(not in the chart)" : entry.name();
        accounts.add(new JsonObject().put("code", code).put("name", name).put("account", b.account()).put("currency", b.currency())
            .put("debits", b.debits()).put("credits", b.credits()).put("balance", b.balance()));
        csv.append(code).append(',').append(csvField(name)).append(',').append(b.account()).append(',').append(b.currency()).append(',')
            .append(b.debits()).append(',').append(b.credits()).append(',').append(b.balance()).append('\n');
        debits += b.debits();
        credits += b.credits();
      }
      if ("csv".equals(ctx.queryParams().get("format"))) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"balances-" + mutual.get().id() + "-" + day + ".csv\"").end(csv.toString());
        return;
      }
      json(ctx, 200, new JsonObject().put("mutual", mutual.get().id()).put("asOf", day.toString()).put("accounts", accounts)
          .put("totalDebits", debits).put("totalCredits", credits));
    });
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
