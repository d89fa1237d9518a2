package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.JsonApi.jsonBody;
import static org.keneya.gateway.JsonApi.text;
import static org.keneya.gateway.JsonApi.uuidOrNull;
import static org.keneya.gateway.accounts.Access.mutualOf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keneya.adapters.pg.PgClaims;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Co-financing claims, each route with its permission ({@link Access}); who created or recorded is the principal:
 * <ul>
 *   <li>{@code POST /api/v1/mutuals/<mutual>/claims} {@code {"funder":"state","quarter":"2026-Q3"}}:
 *       the funder's share of every receipt paid by the end of that (finished) quarter and not yet
 *       claimed; 409 if that claim exists;
 *   <li>{@code GET /api/v1/claims/<id>} and {@code GET /api/v1/claims/<id>/lines.csv}: the claim,
 *       and its lines (receipt, covered persons, period, amount) for the funder;
 *   <li>{@code POST /api/v1/claims/<id>/payment} {@code {"paidOn":"2027-01-15","reference":"…"}}:
 *       books the transfer (bank against the funder's receivable), once.
 * </ul>
 */
public final class ClaimsApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimsApi.class);
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

  private final KeneyaConfig config;
  private final PgClaims claims;
  private final Clock clock;
  private final Access access;

  public ClaimsApi(KeneyaConfig config, PgClaims claims, Clock clock, Access access) {
    this.access = access;
    this.config = config;
    this.claims = claims;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.post("/api/v1/mutuals/:mutual/claims").handler(body).handler(access.require(Permission.CLAIMS_CREATE)).handler(this::create);
    router.get("/api/v1/claims/:id").handler(access.require(Permission.CLAIMS_READ)).handler(this::show);
    router.get("/api/v1/claims/:id/lines.csv").handler(access.require(Permission.CLAIMS_READ)).handler(this::csv);
    router.post("/api/v1/claims/:id/payment").handler(body).handler(access.require(Permission.CLAIMS_PAY)).handler(this::pay);
  }

  private void create(RoutingContext ctx) {
    Optional<MutualConfig> mutual = mutualOf(ctx, config, Permission.CLAIMS_CREATE);
    if (mutual.isEmpty()) return;
    JsonObject body = jsonBody(ctx);
    String funder = body == null ? null : text(body, "funder");
    String quarter = body == null ? null : text(body, "quarter");
    if (funder == null || quarter == null) {
      json(ctx, 400, error("bad_request", "expected {\"funder\": \"state\", \"quarter\": \"2026-Q3\"}"));
      return;
    }
    List<String> funders = funders(mutual.get());
    if (!funders.contains(funder)) {
      json(ctx, 404, error("unknown_funder", "no funder '" + funder + "' co-finances " + mutual.get().id() + "'s products; known: " + funders));
      return;
    }
    Matcher period = QUARTER.matcher(quarter);
    if (!period.matches()) {
      json(ctx, 400, error("bad_period", "quarter '" + quarter + "' is not like 2026-Q3"));
      return;
    }
    LocalDate first = LocalDate.of(Integer.parseInt(period.group(1)), (Integer.parseInt(period.group(2)) - 1) * 3 + 1, 1);
    LocalDate last = first.plusMonths(3).minusDays(1);
    if (!last.isBefore(LocalDate.now(clock))) {
      json(ctx, 400, error("period_not_over", "quarter " + quarter + " ends on " + last + ": it can be claimed from the day after"));
      return;
    }
    claims.create(mutual.get().id(), funder, quarter, first, last, mutual.get().currency(), Access.actor(ctx)).onComplete(result -> {
      if (result.failed()) {
        LOG.error("claim of {} {} {} failed", mutual.get().id(), funder, quarter, result.cause());
        internalError(ctx);
      } else if (result.result() instanceof PgClaims.Created.Exists exists) {
        json(ctx, 409, error("claim_exists", "the " + quarter + " claim to " + funder + " exists: " + exists.id()).put("id", exists.id().toString()));
      } else {
        PgClaims.Claim claim = ((PgClaims.Created.New) result.result()).claim();
        LOG.info("claim {} to {} for {}: {} {}", claim.id(), funder, quarter, claim.total(), claim.currency());
        respondWithLines(ctx, 201, claim);
      }
    });
  }

  private void show(RoutingContext ctx) {
    withClaim(ctx, Permission.CLAIMS_READ, claim -> respondWithLines(ctx, 200, claim));
  }

  private void respondWithLines(RoutingContext ctx, int status, PgClaims.Claim claim) {
    claims.lines(claim.id()).onComplete(lines -> {
      if (lines.failed()) {
        internalError(ctx);
        return;
      }
      JsonArray list = new JsonArray();
      lines.result().forEach(l -> list.add(new JsonObject().put("receipt", l.receiptNumber()).put("paidOn", l.paidOn().toString())
          .put("household", l.household()).put("persons", l.persons()).put("memberNumbers", l.memberNumbers())
          .put("coveredFrom", l.coveredFrom().toString()).put("coveredUntil", l.coveredUntil().toString()).put("amount", l.amount())));
      json(ctx, status, describe(claim).put("lines", list));
    });
  }

  private void csv(RoutingContext ctx) {
    withClaim(ctx, Permission.CLAIMS_READ, claim -> claims.lines(claim.id()).onComplete(lines -> {
      if (lines.failed()) {
        internalError(ctx);
        return;
      }
      StringBuilder csv = new StringBuilder("receipt,paid_on,household,persons,member_numbers,covered_from,covered_until,amount,currency\n");
      for (PgClaims.Line l : lines.result()) {
        csv.append(String.join(",", l.receiptNumber(), l.paidOn().toString(), l.household(), Integer.toString(l.persons()),
            l.memberNumbers() == null ? "" : l.memberNumbers(), l.coveredFrom().toString(), l.coveredUntil().toString(),
            Long.toString(l.amount()), claim.currency())).append('\n');
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"claim-" + claim.mutualId() + "-" + claim.funderId() + "-" + claim.quarter() + ".csv\"")
          .end(csv.toString());
    }));
  }

  private void pay(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String reference = body == null ? null : text(body, "reference");
    LocalDate paidOn;
    try {
      paidOn = body == null || text(body, "paidOn") == null ? null : LocalDate.parse(text(body, "paidOn"));
    } catch (DateTimeParseException e) {
      paidOn = null;
    }
    if (reference == null || paidOn == null || paidOn.isAfter(LocalDate.now(clock))) {
      json(ctx, 400, error("bad_request", "expected {\"paidOn\": \"2027-01-15\" (not in the future), \"reference\": \"bank reference\"}"));
      return;
    }
    LocalDate on = paidOn;
    withClaim(ctx, Permission.CLAIMS_PAY, claim -> pay(ctx, claim.id(), on, reference));
  }

  private void pay(RoutingContext ctx, UUID id, LocalDate paidOn, String reference) {
    claims.recordPayment(id, paidOn, reference, Access.actor(ctx)).onComplete(result -> {
      if (result.failed()) {
        LOG.error("payment of claim {} failed", id, result.cause());
        internalError(ctx);
        return;
      }
      switch (result.result()) {
        case BOOKED -> withClaim(ctx, Permission.CLAIMS_PAY, claim -> json(ctx, 200, describe(claim)));
        case UNKNOWN_CLAIM -> json(ctx, 404, error("not_found", "no such claim"));
        case ALREADY_PAID -> json(ctx, 409, error("already_paid", "this claim's payment is already booked"));
        case NOTHING_CLAIMED -> json(ctx, 409, error("nothing_claimed", "this claim is for 0: there is no payment to book"));
      }
    });
  }

  /** Runs {@code then} with the path's claim; 404 when there is none or the principal may not reach it with {@code permission}. */
  private void withClaim(RoutingContext ctx, Permission permission, java.util.function.Consumer<PgClaims.Claim> then) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      json(ctx, 404, error("not_found", "no such claim"));
      return;
    }
    claims.find(id).onComplete(found -> {
      if (found.failed()) internalError(ctx);
      else if (found.result().isEmpty()
          || !Access.principal(ctx).mayClaim(permission, found.result().get().mutualId(), found.result().get().funderId())) {
        json(ctx, 404, error("not_found", "no such claim"));
      }
      else then.accept(found.result().get());
    });
  }

  private static JsonObject describe(PgClaims.Claim c) {
    return new JsonObject().put("id", c.id().toString()).put("mutual", c.mutualId()).put("funder", c.funderId()).put("quarter", c.quarter())
        .put("firstDay", c.firstDay().toString()).put("lastDay", c.lastDay().toString()).put("total", c.total()).put("currency", c.currency())
        .put("createdBy", c.createdBy()).put("paidOn", c.paidOn() == null ? null : c.paidOn().toString())
        .put("paidReference", c.paidReference()).put("paidRecordedBy", c.paidRecordedBy());
  }

  private List<String> funders(MutualConfig mutual) {
    return mutual.products().stream().flatMap(id -> config.product(id).stream())
        .flatMap(p -> p.cofinancing() == null ? java.util.stream.Stream.<ProductConfig.Funder>empty() : p.cofinancing().funders().stream())
        .map(ProductConfig.Funder::id).distinct().toList();
  }
}
