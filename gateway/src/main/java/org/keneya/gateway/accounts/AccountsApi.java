package org.keneya.gateway.accounts;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.failed;
import static org.keneya.gateway.JsonApi.field;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.keneya.adapters.pg.PgAccounts;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.accounts.Grant;
import org.keneya.flows.accounts.Passwords;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Role;
import org.keneya.flows.accounts.Tokens;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People sign in here ({@code POST /api/v1/sign-in}) for a session token; administrators create
 * accounts with their role grants, list them (never a secret), disable them, issue and revoke API
 * keys and set people's passwords.
 */
public final class AccountsApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(AccountsApi.class);
  private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");

  private final Vertx vertx;
  private final KeneyaConfig config;
  private final PgAccounts accounts;
  private final Access access;
  private final Throttle throttle;
  private final Clock clock;

  public AccountsApi(Vertx vertx, KeneyaConfig config, PgAccounts accounts, Access access, Throttle throttle, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.accounts = accounts;
    this.access = access;
    this.throttle = throttle;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.post(Access.SIGN_IN_PATH).handler(body).handler(this::signIn);
    router.post("/api/v1/accounts").handler(body).handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::create);
    router.get("/api/v1/accounts").handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::list);
    router.post("/api/v1/accounts/:id/disable").handler(body).handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::disable);
    router.post("/api/v1/accounts/:id/api-keys").handler(body).handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::issueKey);
    router.delete("/api/v1/accounts/:id/api-keys/:key").handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::revoke);
    router.put("/api/v1/accounts/:id/password").handler(body).handler(access.require(Permission.ACCOUNTS_MANAGE)).handler(this::password);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String login = body == null ? null : text(body, "login");
    String password = body == null || !(body.getValue("password") instanceof String p) ? null : p;
    if (login == null || password == null) {
      json(ctx, 400, error("bad_request", "expected {\"login\": \"...\", \"password\": \"...\"}"));
      return;
    }
    String normalised = login.toLowerCase(Locale.ROOT);
    // Logged as given only when it has a login's shape: a typed password or a forged line is not written to the log.
    String logged = LOGIN.matcher(normalised).matches() ? normalised : "(not a login)";
    String source = access.source(ctx);
    throttle.signIn(normalised, source).compose(over -> {
      if (over.isPresent()) {
        LOG.warn("sign-in of {} from {} throttled", logged, source);
        Access.tooMany(ctx, over.get());
        return Future.succeededFuture();
      }
      return accounts.login(normalised).compose(found -> vertx.executeBlocking(() ->
              Passwords.matches(password, found.map(PgAccounts.Login::passwordHash).orElse(null)), false)
          .compose(matches -> {
            if (!matches || found.get().disabled()) {
              LOG.warn("sign-in of {} from {} failed: {}", logged, source, found.isEmpty() ? "unknown login"
                  : !matches ? "wrong password" : "account disabled");
              Access.refuse(ctx, 401, "unauthorized", "wrong login or password");
              return Future.succeededFuture();
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            OffsetDateTime expires = now.plus(Access.SESSION_LIFETIME);
            return accounts.openSession(found.get().accountId(), now, expires).map(session -> {
              LOG.info("{} signed in from {} (session {})", logged, source, session.id());
              json(ctx, 200, new JsonObject().put("token", session.token()).put("expiresAt", expires.toString())
                  .put("idleMinutes", Access.SESSION_IDLE.toMinutes())
                  .put("account", new JsonObject().put("id", found.get().accountId().toString()).put("name", found.get().name())));
              return null;
            });
          }));
    }).onFailure(e -> failed(ctx, LOG, "sign-in failed", e));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      json(ctx, 400, error("bad_request", "expected a JSON object: kind, name, login, password, grants"));
      return;
    }
    JsonArray errors = new JsonArray();
    String kind = text(body, "kind");
    if (!"person".equals(kind) && !"system".equals(kind)) errors.add(field("kind", "person or system"));
    String name = text(body, "name");
    if (name == null || name.length() > 120) errors.add(field("name", "required, at most 120 characters"));
    String login = text(body, "login") == null ? null : text(body, "login").toLowerCase(Locale.ROOT);
    Object passwordValue = body.getValue("password");
    String password = passwordValue instanceof String p ? p : null;
    if (login != null && !LOGIN.matcher(login).matches()) errors.add(field("login", "3 to 64 of a-z 0-9 . _ @ -, starting with a letter or digit"));
    if ("system".equals(kind) && (login != null || passwordValue != null)) errors.add(field("login", "systems use API keys, not logins"));
    if (passwordValue != null) {
      Passwords.problem(password).ifPresent(p -> errors.add(field("password", p)));
      if (login == null) errors.add(field("login", "required with a password"));
    }
    List<Grant> grants = grants(body.getValue("grants"), errors);
    if (!errors.isEmpty()) {
      json(ctx, 400, new JsonObject().put("errors", errors));
      return;
    }
    Future<String> hash = password == null ? Future.succeededFuture() : vertx.executeBlocking(() -> Passwords.hash(password), false);
    hash.compose(h -> accounts.create(kind, name, login, h, grants, Access.actor(ctx)))
        .compose(account -> "system".equals(kind)
            ? accounts.issueApiKey(account.id(), Access.actor(ctx)).map(key -> describe(account).put("apiKey", key.token()))
            : Future.succeededFuture(describe(account)))
        .onSuccess(created -> {
          LOG.info("account {} ({}) created by {}", created.getString("id"), kind, Access.principal(ctx).label());
          json(ctx, 201, created);
        })
        .onFailure(e -> {
          if (e instanceof PgAccounts.DuplicateLogin) json(ctx, 409, error("duplicate", e.getMessage()));
          else failed(ctx, LOG, "account could not be created", e);
        });
  }

  private List<Grant> grants(Object value, JsonArray errors) {
    List<Grant> grants = new ArrayList<>();
    if (value == null) return grants;
    if (!(value instanceof JsonArray array)) {
      errors.add(field("grants", "a list of {role, mutual, section, healthCentre, funder}"));
      return grants;
    }
    for (int i = 0; i < array.size(); i++) {
      String at = "grants[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject g)) {
        errors.add(field(at, "an object {role, mutual, section, healthCentre, funder}"));
        continue;
      }
      Optional<Role> role = Role.of(text(g, "role"));
      if (role.isEmpty()) {
        errors.add(field(at + ".role", "one of administrator, mutual-manager, accountant, section-agent, health-centre, funder"));
        continue;
      }
      Grant grant = new Grant(role.get(), text(g, "mutual"), text(g, "section"), text(g, "healthCentre"), text(g, "funder"));
      grant.problems().forEach(p -> errors.add(field(at, p)));
      Optional<MutualConfig> mutual = grant.mutual() == null ? Optional.empty() : config.mutual(grant.mutual());
      if (grant.mutual() != null && mutual.isEmpty()) errors.add(field(at + ".mutual", "unknown mutual"));
      if (grant.section() != null && mutual.isPresent() && mutual.get().section(grant.section()).isEmpty()) {
        errors.add(field(at + ".section", "unknown section of " + grant.mutual()));
      }
      if (grant.healthCentre() != null && config.healthCentresOrEmpty().stream().noneMatch(c -> c.id().equals(grant.healthCentre()))) {
        errors.add(field(at + ".healthCentre", "no healthCentres[].id " + grant.healthCentre()));
      }
      if (grant.funder() != null && config.products().stream().filter(p -> p.cofinancing() != null)
          .flatMap(p -> p.cofinancing().funders().stream()).map(ProductConfig.Funder::id).noneMatch(grant.funder()::equals)) {
        errors.add(field(at + ".funder", "no co-financing funder " + grant.funder()));
      }
      grants.add(grant);
    }
    return grants;
  }

  private void list(RoutingContext ctx) {
    accounts.list().onSuccess(list -> {
      JsonArray array = new JsonArray();
      list.forEach(a -> array.add(describe(a)));
      json(ctx, 200, new JsonObject().put("accounts", array));
    }).onFailure(e -> failed(ctx, LOG, "accounts could not be read", e));
  }

  private void disable(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id != null && id.equals(Access.principal(ctx).accountId())) {
      // An administrator who shut their own door could leave nobody able to open it but the command line.
      json(ctx, 409, error("own_account", "an account cannot disable itself; another administrator can"));
      return;
    }
    (id == null ? Future.succeededFuture(false) : accounts.disable(id, Access.actor(ctx))).onSuccess(done -> {
      if (!done) {
        json(ctx, 404, error("not_found", "no account " + ctx.pathParam("id")));
      } else {
        LOG.warn("account {} disabled by {}", id, Access.principal(ctx).label());
        json(ctx, 200, new JsonObject().put("id", id.toString()).put("disabled", true));
      }
    }).onFailure(e -> failed(ctx, LOG, "account could not be disabled", e));
  }

  private void issueKey(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    (id == null ? Future.succeededFuture((Tokens.Issued) null) : accounts.issueApiKey(id, Access.actor(ctx))).onSuccess(key -> {
      if (key == null) {
        json(ctx, 404, error("not_found", "no account " + ctx.pathParam("id")));
      } else {
        LOG.info("API key {} issued to account {} by {}", key.id(), id, Access.principal(ctx).label());
        json(ctx, 201, new JsonObject().put("account", id.toString()).put("key", key.id()).put("apiKey", key.token())
            .put("note", "shown once: store it now"));
      }
    }).onFailure(e -> failed(ctx, LOG, "API key could not be issued", e));
  }

  private void revoke(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    (id == null ? Future.succeededFuture(false) : accounts.revoke(id, ctx.pathParam("key"), Access.actor(ctx))).onSuccess(done -> {
      if (!done) json(ctx, 404, error("not_found", "no key " + ctx.pathParam("key") + " of account " + ctx.pathParam("id")));
      else json(ctx, 200, new JsonObject().put("account", id.toString()).put("key", ctx.pathParam("key")).put("revoked", true));
    }).onFailure(e -> failed(ctx, LOG, "key could not be revoked", e));
  }

  private void password(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    JsonObject body = jsonBody(ctx);
    String password = body == null || !(body.getValue("password") instanceof String p) ? null : p;
    Optional<String> problem = Passwords.problem(password);
    if (problem.isPresent()) {
      json(ctx, 400, new JsonObject().put("errors", new JsonArray().add(field("password", problem.get()))));
      return;
    }
    if (id == null) {
      json(ctx, 404, error("not_found", "no person with account " + ctx.pathParam("id")));
      return;
    }
    vertx.executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> accounts.setPassword(id, hash, Access.actor(ctx)))
        .onSuccess(done -> {
          if (!done) json(ctx, 404, error("not_found", "no person with account " + id));
          else json(ctx, 200, new JsonObject().put("id", id.toString()).put("passwordSet", true).put("sessionsEnded", true));
        })
        .onFailure(e -> failed(ctx, LOG, "password could not be set", e));
  }

  private static JsonObject describe(PgAccounts.Account a) {
    JsonArray grants = new JsonArray();
    a.grants().forEach(g -> {
      JsonObject grant = new JsonObject().put("role", g.role().code());
      if (g.mutual() != null) grant.put("mutual", g.mutual());
      if (g.section() != null) grant.put("section", g.section());
      if (g.healthCentre() != null) grant.put("healthCentre", g.healthCentre());
      if (g.funder() != null) grant.put("funder", g.funder());
      grants.add(grant);
    });
    JsonArray keys = new JsonArray();
    a.credentials().forEach(k -> keys.add(new JsonObject().put("id", k.id()).put("kind", k.kind()).put("createdAt", str(k.createdAt()))
        .put("expiresAt", str(k.expiresAt())).put("lastUsedAt", str(k.lastUsedAt())).put("revokedAt", str(k.revokedAt()))));
    return new JsonObject().put("id", a.id().toString()).put("kind", a.kind()).put("name", a.name()).put("login", a.login())
        .put("disabled", a.disabled()).put("createdAt", str(a.createdAt())).put("grants", grants).put("credentials", keys);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
