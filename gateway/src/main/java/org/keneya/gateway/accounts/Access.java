package org.keneya.gateway.accounts;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgAccounts;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Principal;
import org.keneya.flows.accounts.Tokens;
import org.keneya.gateway.JsonApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the API under /api/v1. Every request there but the sign-in must carry a valid API
 * key or session token ({@code Authorization: Bearer keneya_...}), else 401; then each route declares
 * its {@link Permission} with {@link #require}, else 403. Whether the data asked for is within the
 * account's mutuals and sections is the route's to check (404 when not, as for data that does not exist).
 */
public final class Access {
  private static final Logger LOG = LoggerFactory.getLogger(Access.class);
  private static final String PRINCIPAL = "keneya.principal";
  public static final String SIGN_IN_PATH = "/api/v1/sign-in";
  public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
  public static final Duration SESSION_IDLE = Duration.ofMinutes(30);

  private final PgAccounts accounts;
  private final Throttle throttle;
  private final Clock clock;
  private final org.keneya.gateway.edge.SourceAddress sources;

  /** @param sources where a request comes from, behind this deployment's trusted proxies */
  public Access(PgAccounts accounts, Throttle throttle, Clock clock, org.keneya.gateway.edge.SourceAddress sources) {
    this.sources = sources;
    this.accounts = accounts;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Must come before every /api/v1 route. */
  public void addAuthentication(Router router) {
    addAuthentication(router, "/api/v1/*");
  }

  /** Authenticates the requests of {@code routes} only: a router serving a few /api/v1 routes answers the rest 404, as if absent. */
  public void addAuthentication(Router router, String routes) {
    router.route(routes).handler(this::authenticate);
  }

  /** The handler a route starts with: refuses (403) a principal without {@code permission}; fails closed when none was authenticated. */
  public Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      Principal principal = ctx.get(PRINCIPAL);
      if (principal == null) {
        refuse(ctx, 401, "unauthorized", "an API key or session token is required");
      } else if (!principal.may(permission)) {
        LOG.info("{} refused {} {}: needs {}", principal.label(), ctx.request().method(), ctx.normalizedPath(), permission);
        refuse(ctx, 403, "forbidden", "this account's roles do not allow " + permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      } else {
        // A route without a body handler leaves the paused body to be discarded.
        if (!ctx.request().isEnded()) ctx.request().resume();
        ctx.next();
      }
    };
  }

  /** The authenticated principal of a request that passed {@link #require}. */
  public static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    if (principal == null) throw new IllegalStateException("no principal: the route does not require a permission");
    return principal;
  }

  /**
   * The mutual the path's {@code :mutual} names, when the principal holds {@code permission} for it; else
   * answers 404, as for a mutual that does not exist, and returns empty.
   */
  public static Optional<MutualConfig> mutualOf(RoutingContext ctx, KeneyaConfig config, Permission permission) {
    Optional<MutualConfig> mutual = config.mutual(ctx.pathParam("mutual")).filter(m -> principal(ctx).may(permission, m.id(), null));
    if (mutual.isEmpty()) JsonApi.json(ctx, 404, JsonApi.error("not_found", "no mutual " + ctx.pathParam("mutual")));
    return mutual;
  }

  /** The principal as the audit log records it. */
  public static Actor actor(RoutingContext ctx) {
    Principal principal = principal(ctx);
    return new Actor(principal.accountId(), principal.name());
  }

  /**
   * The address a request came from, for throttles and logs: behind a reverse proxy of ours the one
   * it saw, else every failed attempt would count against the proxy and lock everybody out.
   */
  public String source(RoutingContext ctx) {
    String source = sources.of(ctx.request());
    return source.isEmpty() ? "unknown" : source;
  }

  private void authenticate(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.POST && SIGN_IN_PATH.equals(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    // The credential is looked up asynchronously: the body waits for the route's body handler meanwhile.
    ctx.request().pause();
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(ctx, 401, "unauthorized", "an API key or session token is required");
      return;
    }
    Optional<Tokens.Presented> presented = Tokens.parse(header.substring(7).strip());
    if (presented.isEmpty()) {
      refused(ctx, "not a Keneya credential");
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(clock);
    accounts.credential(presented.get().id()).onComplete(found -> {
      if (found.failed()) {
        LOG.error("credential could not be read", found.cause());
        refuse(ctx, 503, "unavailable", "credentials cannot be checked now; try again");
        return;
      }
      Optional<PgAccounts.Credential> credential = found.result();
      String why = credential.isEmpty() ? "unknown credential"
          : !Tokens.same(credential.get().secretHash(), presented.get().secretHash()) ? "wrong secret"
          : credential.get().revoked() ? "revoked"
          : credential.get().disabled() ? "account disabled"
          : credential.get().expiresAt() != null && !credential.get().expiresAt().isAfter(now) ? "session expired"
          : credential.get().kind().equals("session") && (credential.get().lastUsedAt() == null
              || !credential.get().lastUsedAt().plus(SESSION_IDLE).isAfter(now)) ? "session idle too long"
          : null;
      if (why != null) {
        refused(ctx, why + " (credential " + presented.get().id() + ")");
        return;
      }
      ctx.put(PRINCIPAL, credential.get().principal());
      Future<Void> touched = credential.get().kind().equals("session") ? accounts.touch(credential.get().id(), now) : Future.succeededFuture();
      touched.onComplete(x -> {
        if (x.failed()) LOG.warn("session {} not marked as used: {}", credential.get().id(), x.cause().toString());
        ctx.next();
      });
    });
  }

  private void refused(RoutingContext ctx, String why) {
    String source = source(ctx);
    throttle.badCredential(source).onComplete(over -> {
      LOG.warn("credential refused from {}: {}", source, why);
      if (over.succeeded() && over.result().isPresent()) {
        tooMany(ctx, over.result().get());
      } else {
        refuse(ctx, 401, "unauthorized", "the credential is not valid");
      }
    });
  }

  static void tooMany(RoutingContext ctx, Duration retryAfter) {
    ctx.response().putHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    refuse(ctx, 429, "too_many_attempts", "too many failed attempts; try again in " + retryAfter.toMinutes() + " minutes");
  }

  static void refuse(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) return;
    if (!ctx.request().isEnded()) ctx.request().resume();
    if (status == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    JsonApi.json(ctx, status, JsonApi.error(code, message));
  }
}
