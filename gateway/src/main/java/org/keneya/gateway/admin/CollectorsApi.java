package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.failed;
import static org.keneya.gateway.JsonApi.field;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.JsonApi.jsonBody;
import static org.keneya.gateway.JsonApi.text;
import static org.keneya.gateway.JsonApi.uuidOrNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.keneya.adapters.pg.PgCollectorAnomalies;
import org.keneya.adapters.pg.PgCollectors;
import org.keneya.adapters.pg.PgRemittances;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.collectors.CollectorAnomalies;
import org.keneya.flows.collectors.CollectorFigures;
import org.keneya.flows.collectors.Commissions;
import org.keneya.flows.collectors.Pins;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;
import org.keneya.gateway.collectors.CollectorDirectory;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each route with its permission ({@link Access}): {@code POST /api/v1/collectors} registers a collector of a section with
 * a phone number and a first PIN (kept only as a slow salted hash); {@code GET /api/v1/collectors/<id>}
 * shows the collector, the cash position and the month's commission; {@code POST .../unlock} forgets
 * the collector's wrong PINs and lifts the delay they caused; {@code POST .../remittances} records what the treasurer saw reach
 * the bank or microfinance institution.
 */
public final class CollectorsApi implements RouteGroup {
  /** The largest slip accepted: a billion francs, far above a section's cash, far below what sums of amounts can hold. */
  static final long MAX_REMITTANCE = 1_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(CollectorsApi.class);

  private final Vertx vertx;
  private final KeneyaConfig config;
  private final PgCollectors collectors;
  private final PgRemittances remittances;
  private final PgCollectorAnomalies anomalies;
  private final CollectorDirectory directory;
  private final Clock clock;
  private final Access access;

  public CollectorsApi(Vertx vertx, KeneyaConfig config, PgCollectors collectors, PgRemittances remittances,
      PgCollectorAnomalies anomalies, CollectorDirectory directory, Clock clock, Access access) {
    this.access = access;
    this.vertx = vertx;
    this.config = config;
    this.collectors = collectors;
    this.remittances = remittances;
    this.anomalies = anomalies;
    this.directory = directory;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.post("/api/v1/collectors").handler(body).handler(access.require(Permission.COLLECTORS_MANAGE)).handler(this::register);
    router.get("/api/v1/collectors/:id").handler(access.require(Permission.COLLECTORS_READ)).handler(this::show);
    router.post("/api/v1/collectors/:id/unlock").handler(body).handler(access.require(Permission.COLLECTORS_MANAGE)).handler(this::unlock);
    router.post("/api/v1/collectors/:id/remittances").handler(body).handler(access.require(Permission.REMITTANCES_RECORD)).handler(this::remit);
    router.get("/api/v1/mutuals/:mutual/reports/collectors").handler(access.require(Permission.REPORTS_READ)).handler(this::anomalies);
  }

  /**
   * {@code GET /api/v1/mutuals/<mutual>/reports/collectors}: each collector's cash position, held
   * since, awaiting members, the month's commission, and the anomalies named by the thresholds of
   * {@code collectors}: cash held too long or too much, disputes, auto-confirmations, late entries,
   * remittance differences; and the households with many deposits in 30 days.
   */
  private void anomalies(RoutingContext ctx) {
    Optional<MutualConfig> mutual = Access.mutualOf(ctx, config, Permission.REPORTS_READ);
    if (mutual.isEmpty()) return;
    org.keneya.config.CollectorsConfig rules = config.collectorsOrDefaults();
    LocalDate month = LocalDate.now(clock).withDayOfMonth(1);
    int percent = config.collectorCommissionPercent(mutual.get());
    java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock);
    anomalies.anomalies(mutual.get().id(), month, rules.enteredLateHours(), rules.depositsPerHousehold()).onComplete(result -> {
      if (result.failed()) {
        failed(ctx, LOG, "collectors' report could not be read", result.cause());
        return;
      }
      JsonArray rows = new JsonArray();
      for (CollectorFigures c : result.result().collectors()) {
        JsonArray flags = new JsonArray(CollectorAnomalies.of(c, rules, now));
        rows.add(new JsonObject().put("id", c.id().toString()).put("name", c.name()).put("section", c.sectionId())
            .put("position", c.position()).put("heldSince", c.heldSince() == null ? null : c.heldSince().toString())
            .put("awaitingMembers", c.pending()).put("disputes30Days", c.disputes()).put("autoConfirmed30Days", c.autoConfirmed())
            .put("enteredLate30Days", c.enteredLate()).put("collectedThisMonth", c.collectedThisMonth())
            .put("commissionThisMonth", Commissions.of(c.collectedThisMonth(), percent)).put("anomalies", flags));
      }
      JsonArray busy = new JsonArray();
      result.result().households().forEach(h -> busy.add(new JsonObject().put("memberNumber", h.memberNumber()).put("section", h.sectionId())
          .put("deposits30Days", h.deposits()).put("amount", h.amount())));
      json(ctx, 200, new JsonObject().put("mutual", mutual.get().id()).put("currency", mutual.get().currency())
          .put("commissionPercent", percent).put("collectors", rows).put("householdsWithManyDeposits", busy));
    });
  }

  private void register(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      json(ctx, 400, error("bad_request", "expected a JSON object: mutual, section, name, msisdn, pin"));
      return;
    }
    JsonArray errors = new JsonArray();
    String mutualId = text(body, "mutual");
    Optional<MutualConfig> mutual = mutualId == null ? Optional.empty() : config.mutual(mutualId);
    if (mutualId == null) errors.add(field("mutual", "required"));
    else if (mutual.isEmpty()) errors.add(field("mutual", "unknown mutual"));
    String section = text(body, "section");
    if (section == null) errors.add(field("section", "required"));
    else if (mutual.isPresent() && mutual.get().section(section).isEmpty()) errors.add(field("section", "unknown section of " + mutualId));
    String name = text(body, "name");
    if (name == null) errors.add(field("name", "required"));
    else if (name.length() > 80) errors.add(field("name", "at most 80 characters"));
    Optional<Msisdn> msisdn = text(body, "msisdn") == null ? Optional.empty() : Msisdn.parse(text(body, "msisdn"), config.defaultCountryCode());
    if (msisdn.isEmpty()) errors.add(field("msisdn", "a phone number such as +22376000200"));
    Object pinValue = body.getValue("pin");
    String pin = pinValue instanceof String s ? s : null;
    Optional<String> pinProblem = Pins.problem(pin);
    pinProblem.ifPresent(problem -> errors.add(field("pin", problem + " (send it as text, e.g. \"4821\")")));
    if (!errors.isEmpty()) {
      json(ctx, 400, new JsonObject().put("errors", errors));
      return;
    }
    if (!Access.principal(ctx).may(Permission.COLLECTORS_MANAGE, mutualId, section)) {
      json(ctx, 404, error("not_found", "no section " + section + " of " + mutualId + " among this account's"));
      return;
    }
    vertx.executeBlocking(() -> Pins.hash(pin), false)
        .compose(hash -> collectors.register(mutualId, section, name, msisdn.get().e164(), hash, Access.actor(ctx)))
        .onComplete(result -> {
          if (result.failed() && result.cause() instanceof PgCollectors.DuplicateCollector) {
            json(ctx, 409, error("duplicate", "a collector already has this number"));
          } else if (result.failed()) {
            LOG.error("collector could not be registered", result.cause());
            internalError(ctx);
          } else {
            directory.add(result.result().msisdn());
            LOG.info("collector {} registered in {}/{}", result.result().id(), mutualId, section);
            json(ctx, 201, describe(result.result()));
          }
        });
  }

  private static JsonObject describe(PgCollectors.Collector c) {
    return new JsonObject().put("id", c.id().toString()).put("mutual", c.mutualId()).put("section", c.sectionId()).put("name", c.name())
        .put("msisdn", c.msisdn()).put("locked", c.pinDelayedUntil() != null)
        .put("pinDelayedUntil", c.pinDelayedUntil() == null ? null : c.pinDelayedUntil().toString());
  }

  /** The collector of the path's {@code :id}; when unknown, or not the principal's for {@code permission}, answers 404 and completes empty. */
  private Future<Optional<PgCollectors.Collector>> collectorOf(RoutingContext ctx, Permission permission) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    Future<Optional<PgCollectors.Collector>> found = id == null ? Future.succeededFuture(Optional.empty()) : collectors.find(id);
    return found.map(found1 -> found1.filter(c -> Access.principal(ctx).may(permission, c.mutualId(), c.sectionId()))).map(c -> {
      if (c.isEmpty()) json(ctx, 404, error("not_found", "no collector " + ctx.pathParam("id")));
      return c;
    });
  }

  private void show(RoutingContext ctx) {
    LocalDate month = LocalDate.now(clock).withDayOfMonth(1);
    collectorOf(ctx, Permission.COLLECTORS_READ).compose(c -> c.isEmpty() ? Future.succeededFuture(null) : remittances.position(c.get().id(), month).map(p -> {
      MutualConfig mutual = config.mutual(c.get().mutualId()).orElseThrow();
      int percent = config.collectorCommissionPercent(mutual);
      json(ctx, 200, describe(c.get()).put("currency", mutual.currency())
          .put("position", new JsonObject().put("confirmedNotRemitted", p.confirmed()).put("deposits", p.confirmedDeposits())
              .put("heldSince", p.oldestConfirmed() == null ? null : p.oldestConfirmed().toString())
              .put("awaitingMembers", p.pending()).put("awaitingDeposits", p.pendingDeposits()))
          .put("commission", new JsonObject().put("month", month.toString().substring(0, 7)).put("percent", percent)
              .put("collected", p.collectedThisMonth()).put("amount", Commissions.of(p.collectedThisMonth(), percent))));
      return null;
    })).onFailure(e -> failed(ctx, LOG, "collector could not be read", e));
  }

  /** Who unlocks is the authenticated principal; an {@code unlockedBy} in the body is ignored. */
  private void unlock(RoutingContext ctx) {
    collectorOf(ctx, Permission.COLLECTORS_MANAGE).compose(c -> c.isEmpty() ? Future.succeededFuture() : collectors.unlock(c.get().id(),
        Access.actor(ctx)).map(done -> {
          if (!done) json(ctx, 404, error("not_found", "no collector " + ctx.pathParam("id")));
          else json(ctx, 200, new JsonObject().put("id", c.get().id().toString()).put("locked", false));
          return null;
        })).onFailure(e -> failed(ctx, LOG, "collector could not be unlocked", e));
  }

  private void remit(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      json(ctx, 400, error("bad_request", "expected a JSON object: slipReference, institution, amount, depositedOn"));
      return;
    }
    JsonArray errors = new JsonArray();
    String slip = text(body, "slipReference");
    if (slip == null) errors.add(field("slipReference", "required: the deposit slip's reference"));
    String institution = text(body, "institution");
    if (!"bank".equals(institution) && !"microfinance".equals(institution)) errors.add(field("institution", "bank or microfinance"));
    Object amountValue = body.getValue("amount");
    long amount = amountValue instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : -1;
    // A slip larger than any collector's cash could ever be is a typing error; in the journal it would stay for good.
    if (amount < 1 || amount > MAX_REMITTANCE) errors.add(field("amount", "a whole amount above zero and at most " + MAX_REMITTANCE
        + ", in the mutual's currency"));
    LocalDate depositedOn = null;
    try {
      depositedOn = text(body, "depositedOn") == null ? null : LocalDate.parse(text(body, "depositedOn"));
    } catch (DateTimeParseException e) {
      // reported below
    }
    if (depositedOn == null || depositedOn.isAfter(LocalDate.now(clock))) errors.add(field("depositedOn", "a date such as 2026-11-23, not in the future"));
    if (!errors.isEmpty()) {
      json(ctx, 400, new JsonObject().put("errors", errors));
      return;
    }
    LocalDate on = depositedOn;
    collectorOf(ctx, Permission.REMITTANCES_RECORD).compose(c -> {
      if (c.isEmpty()) return Future.succeededFuture();
      String currency = config.mutual(c.get().mutualId()).orElseThrow().currency();
      // Who saw the slip is the authenticated principal; a confirmedBy in the body is ignored.
      return remittances.remit(c.get(), currency, slip, institution, amount, on, Access.actor(ctx)).map(r -> {
        json(ctx, 201, new JsonObject().put("id", r.id().toString()).put("collector", c.get().id().toString()).put("position", r.position())
            .put("amount", r.amount()).put("shortfall", r.shortfall()).put("deposits", r.deposits()).put("currency", currency));
        return null;
      });
    }).onFailure(e -> {
      if (e instanceof PgRemittances.DuplicateSlip) json(ctx, 409, error("duplicate", "slip " + slip + " is already recorded"));
      else failed(ctx, LOG, "remittance could not be recorded", e);
    });
  }
}
