package org.keneya.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.ledger.ExternalLedgerClient;
import org.keneya.adapters.pg.PgLedgerOutbox;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgReconciliation;
import org.keneya.adapters.pg.PgClaims;
import org.keneya.adapters.pg.PgLedger;
import org.keneya.adapters.pg.PgReports;
import org.keneya.adapters.pg.PgReversals;
import org.keneya.adapters.pg.PgRights;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.adapters.session.InMemorySessionStore;
import org.keneya.adapters.session.RedisRateLimiter;
import org.keneya.adapters.session.RedisSessionStore;
import org.keneya.adapters.sms.AfricasTalkingSms;
import org.keneya.adapters.sms.SmppSms;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgCollectors;
import org.keneya.adapters.pg.PgPins;
import org.keneya.gateway.ussd.PinChecks;
import org.keneya.gateway.admin.CollectorsApi;
import org.keneya.gateway.collectors.CashDeposits;
import org.keneya.gateway.collectors.CollectorDirectory;
import org.keneya.gateway.collectors.CollectorUssd;
import org.keneya.gateway.collectors.CollectorWorks;
import org.keneya.gateway.reminders.ReminderRun;
import org.keneya.flows.ports.SmsSender;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.flows.ussd.centre.CentreMenu;
import org.keneya.flows.ussd.collector.CollectorMenu;
import org.keneya.adapters.pg.PgAccounts;
import org.keneya.gateway.accounts.Access;
import org.keneya.gateway.accounts.AccountsApi;
import org.keneya.gateway.accounts.Throttle;
import org.keneya.gateway.admin.AdminApi;
import org.keneya.gateway.admin.ClaimsApi;
import org.keneya.gateway.admin.LedgerApi;
import org.keneya.gateway.admin.ReconciliationApi;
import org.keneya.gateway.admin.ReportsApi;
import org.keneya.gateway.admin.ReversalApi;
import org.keneya.gateway.payments.WalletCallbackRoute;
import org.keneya.gateway.payments.Wallets;
import org.keneya.gateway.payments.LedgerOutboxWorker;
import org.keneya.gateway.payments.OutboxWorker;
import org.keneya.gateway.payments.PaymentService;
import org.keneya.gateway.rights.DailyRightsRun;
import org.keneya.gateway.rights.CentrePinApi;
import org.keneya.gateway.rights.CentreUssd;
import org.keneya.gateway.rights.RightsCheckApi;
import org.keneya.gateway.rights.RightsChecks;
import org.keneya.gateway.simulator.Simulators;
import org.keneya.gateway.sms.DeliveryReportRoute;
import org.keneya.gateway.sms.InboundSmsRoute;
import org.keneya.gateway.sms.SmsDestinations;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keneya.gateway.ussd.AfricasTalkingProtocol;
import org.keneya.gateway.ussd.FreeflowProtocol;
import org.keneya.gateway.ussd.UssdEndpoint;
import org.keneya.gateway.ussd.HopLimit;
import org.keneya.gateway.ussd.MemberContexts;
import org.keneya.gateway.ussd.MemberEffects;
import org.keneya.gateway.ussd.MemberHops;
import org.keneya.gateway.ussd.PhoneScreens;
import org.keneya.gateway.ussd.PinMenuHops;
import org.keneya.gateway.ussd.UssdService;
import org.keneya.gateway.ussd.UssdSessions;
import org.keneya.gateway.edge.EdgeFilter;
import org.keneya.gateway.edge.PeerGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: wires the adapters to the core, serves HTTP and runs the background work
 * (status checks of open payments, the SMS outbox). The database must already be migrated.
 */
public final class KeneyaApp {
  private static final Logger LOG = LoggerFactory.getLogger(KeneyaApp.class);
  private static final long OUTBOX_EVERY_MS = 250;
  private static final int OUTBOX_BATCH = 100;
  /** Journal entries reach the external ledger within seconds; nobody waits on them as on a receipt SMS. */
  private static final long LEDGER_OUTBOX_EVERY_MS = 5000;
  private static final long LEDGER_STUCK_CHECK_EVERY_MS = 60 * 1000;
  private static final long PAYMENT_CHECKS_EVERY_MS = 5000;
  /** How often an instance looks whether today's rights run is due and unclaimed. */
  private static final long RIGHTS_CHECK_EVERY_MS = 5 * 60 * 1000;
  private static final long REMINDERS_CHECK_EVERY_MS = 5 * 60 * 1000;
  /** Collectors' numbers refreshed, unanswered deposits auto-confirmed, old sessions forgotten. */
  private static final long COLLECTORS_EVERY_MS = 30 * 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final HttpServer server;
  /** The management port's server, or null when management is served on the public port. */
  private final HttpServer managementServer;
  private final Redis redis;

  /** What holds threads or connections of its own, closed with the gateway (the SMPP link). */
  private final List<Runnable> closing;

  /** Its routes (public and management), for the test that checks every /api/v1 route declares who may call it. */
  private final List<Router> routers;

  private KeneyaApp(Vertx vertx, Pool pool, HttpServer server, HttpServer managementServer, Redis redis, List<Runnable> closing,
      List<Router> routers) {
    this.routers = routers;
    this.closing = closing;
    this.managementServer = managementServer;
    this.vertx = vertx;
    this.pool = pool;
    this.server = server;
    this.redis = redis;
  }

  public int port() {
    return server.actualPort();
  }

  /** Where /metrics and the administrators' API answer: the management port when one is configured. */
  public int managementPort() {
    return managementServer != null ? managementServer.actualPort() : server.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /** Each route's methods (empty: any) and path, in registration order. */
  public List<java.util.Map.Entry<java.util.Set<String>, String>> routes() {
    return routers.stream().flatMap(router -> router.getRoutes().stream()).filter(r -> r.getPath() != null)
        .map(r -> java.util.Map.entry(r.methods() == null ? java.util.Set.<String>of()
            : r.methods().stream().map(Object::toString).collect(java.util.stream.Collectors.toSet()), r.getPath()))
        .toList();
  }

  public Future<Void> close() {
    closing.forEach(Runnable::run);
    return vertx.close();
  }

  /**
   * Starts the gateway on {@code pgUrl} (already migrated). Wallet and SMS clients, and the
   * callback address, point at this gateway's own simulator when {@code simulator.enabled}.
   */
  public static Future<KeneyaApp> start(KeneyaConfig config, String pgUrl, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Metrics metrics = new Metrics(registry);
    Messages messages = new Messages(MessageCatalogues.loadShipped());
    Pool pool = new org.keneya.adapters.pg.PgDatabase(pgUrl).pool(vertx, config.pg().poolSize());
    PgHouseholds households = new PgHouseholds(pool);
    PgPayments paymentStore = new PgPayments(pool, config, messages);
    PgOutbox outbox = new PgOutbox(pool);

    // The client's defaults (6 connections, 24 waiting commands) refuse hops beyond a dozen at once.
    Redis redis = config.redis().configured() ? Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url())
        .setMaxPoolSize(config.redis().pool()).setMaxPoolWaiting(config.redis().pool() * 64)) : null;
    SessionStore sessions = redis != null ? new RedisSessionStore(redis, config.redis().prefix()) : new InMemorySessionStore(clock);
    RateLimiter rateLimiter = redis != null ? new RedisRateLimiter(redis, config.redis().prefix(), clock) : new InMemoryRateLimiter(clock);

    List<Runnable> closing = new java.util.concurrent.CopyOnWriteArrayList<>();
    Router router = Router.router(vertx);
    // Metrics and the administrators' API on a port of their own when configured, one the proxy does not publish.
    Router management = config.http().separateManagement() ? Router.router(vertx) : router;
    PeerGuard peerGuard = new PeerGuard(config, metrics);
    // A form field may be as long as a whole (bounded) body: over-long USSD input is cut, not refused.
    HttpServerOptions httpOptions = new HttpServerOptions().setMaxFormAttributeSize(16 * 1024);
    Future<HttpServer> managementListening = config.http().separateManagement()
        ? vertx.createHttpServer(httpOptions).requestHandler(new EdgeFilter(management, metrics, peerGuard.sources()))
            .listen(config.http().managementPort())
        : Future.succeededFuture(null);
    return managementListening.compose(managementServer -> vertx.createHttpServer(httpOptions)
        .requestHandler(new EdgeFilter(router, metrics, peerGuard.sources())).listen(config.http().port())
        .compose(server -> households.syncMutuals(config).map(server))
        .map(server -> {
          String self = "http://127.0.0.1:" + server.actualPort();
          boolean simulated = config.simulator().enabled();
          String smsBase = simulated ? self + "/simulator/sms" : config.sms().baseUrl();
          Wallets wallets = new Wallets(vertx, config, simulated ? self : null, clock, registry);
          DeliveryReportRoute deliveries = new DeliveryReportRoute(vertx, outbox, metrics);
          SmsDestinations smsDestinations = new SmsDestinations(config);
          SmsSender smsSender;
          if (config.smpp() != null && !simulated) {
            // SMPP when configured: delivery receipts come on the same link and are recorded like the HTTP ones.
            SmppSms smpp = new SmppSms(vertx, config.smpp(), receipt -> deliveries.record(receipt.messageId(), receipt.reportStatus(),
                receipt.failureReason()).onFailure(e -> LOG.warn("SMPP delivery receipt not recorded: {}", e.toString())));
            smpp.start().whenComplete((x, e) -> {
              if (e != null) LOG.warn("SMPP not bound yet, binding again in the background: {}", e.getMessage());
            });
            closing.add(smpp::close);
            smsSender = smpp;
          } else {
            smsSender = new AfricasTalkingSms(vertx, config.sms(), smsBase);
          }
          OutboxWorker outboxWorker = new OutboxWorker(outbox, smsSender, metrics, config.sms().maxPerSecond(),
              config.remindersOrDefaults(), clock, smsDestinations, rateLimiter, config.sms().maxPerHour());
          // A receipt's SMS goes out within 100 ms of booking; bookings that close together share one outbox round.
          AtomicBoolean roundScheduled = new AtomicBoolean();
          Runnable sendNow = () -> {
            if (roundScheduled.compareAndSet(false, true)) {
              vertx.setTimer(100, t -> {
                roundScheduled.set(false);
                outboxWorker.drain(OUTBOX_BATCH);
              });
            }
          };
          PaymentService payments = new PaymentService(paymentStore, wallets, outbox, messages, config.payments(), clock, metrics, sendNow);
          RightsChecks rightsChecks = new RightsChecks(config, households, pool, clock, metrics);
          PgPins pins = new PgPins(pool);
          PinChecks pinChecks = new PinChecks(vertx, pins, metrics);
          UssdSessions ussdSessions = new UssdSessions(sessions, config.ussd());
          PhoneScreens screens = new PhoneScreens(messages, config.ussd());
          PinMenuHops pinMenuHops = new PinMenuHops(ussdSessions, screens, pinChecks, metrics);
          CentreUssd centres = new CentreUssd(new CentreMenu(messages), rightsChecks, pins, pinChecks, config, clock, pinMenuHops);
          PgCollectors collectors = new PgCollectors(pool, paymentStore, config.remindersOrDefaults().zone());
          CollectorDirectory collectorDirectory = new CollectorDirectory(collectors);
          CashDeposits deposits = new CashDeposits(collectors, config, messages);
          UssdService ussd = new UssdService(ussdSessions, new HopLimit(rateLimiter, config.ussd().rateLimit()), screens, metrics,
              new MemberHops(new UssdEngine(messages), ussdSessions, new MemberContexts(households, config, wallets, clock),
                  new MemberEffects(payments, deposits, outbox, screens, metrics), screens, metrics),
              new CollectorUssd(new CollectorMenu(messages), collectorDirectory,
                  new CollectorWorks(vertx, collectors, households, pinChecks, config, clock), pinMenuHops),
              centres);

          io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> health = ctx -> pool.query("SELECT 1").execute().onComplete(r -> ctx.response()
              .setStatusCode(r.succeeded() ? 200 : 503).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("status", r.succeeded() ? "UP" : "DOWN").encode()));
          router.get("/health").handler(health);
          if (management != router) management.get("/health").handler(health);
          management.get("/metrics").handler(ctx -> ctx.response()
              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
          new UssdEndpoint(ussd, List.of(new AfricasTalkingProtocol(config.defaultCountryCode()),
              new FreeflowProtocol(config.defaultCountryCode())), metrics).addRoutes(router, peerGuard);
          new WalletCallbackRoute(payments).addRoutes(router);
          // Accounts and roles: every /api/v1 request is authenticated first, then each route requires its permission.
          Throttle throttle = new Throttle(rateLimiter);
          Access access = new Access(new PgAccounts(pool), throttle, clock, peerGuard.sources());
          if (management == router) {
            access.addAuthentication(router);
          } else {
            // The public port serves only the health centres' checks under /api/v1; the rest is not there at all.
            access.addAuthentication(router, org.keneya.gateway.rights.RightsCheckApi.PATH_PREFIX + "*");
            access.addAuthentication(management);
          }
          new AccountsApi(vertx, config, new PgAccounts(pool), access, throttle, clock).addRoutes(management);
          new AdminApi(config, households, messages, clock, access).addRoutes(management);
          new RightsCheckApi(config, rightsChecks, messages, metrics, access).addRoutes(router);
          new CentrePinApi(vertx, config, pins, access).addRoutes(management);
          deliveries.addRoutes(router, peerGuard);
          new InboundSmsRoute(config, rightsChecks, centres, outbox, households, rateLimiter, messages,
              clock, metrics, deposits, collectorDirectory, smsDestinations).addRoutes(router, peerGuard);
          new CollectorsApi(vertx, config, collectors, collectorDirectory, clock, access).addRoutes(management);
          new ReversalApi(config, new PgReversals(pool), messages, access).addRoutes(management);
          new ClaimsApi(config, new PgClaims(pool), clock, access).addRoutes(management);
          new ReportsApi(config, new PgReports(pool), clock, access).addRoutes(management);
          new org.keneya.gateway.admin.ReminderReportApi(config, new PgReminders(pool), access).addRoutes(management);
          new LedgerApi(config, new PgLedger(pool), clock, access).addRoutes(management);
          new ReconciliationApi(config, new PgReconciliation(pool), paymentStore, metrics, access).addRoutes(management);
          if (simulated) Simulators.addRoutes(router, vertx, config, self);
          for (Router each : management == router ? List.of(router) : List.of(router, management)) {
            each.route().last().handler(ctx -> ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "not_found").put("message", "no such resource").encode()));
            each.route().failureHandler(ctx -> failed(ctx, messages));
          }


          vertx.setPeriodic(OUTBOX_EVERY_MS, t -> outboxWorker.drain(OUTBOX_BATCH)
              .onFailure(e -> LOG.warn("outbox round failed: {}", e.toString())));
          java.util.Map<String, ExternalLedgerClient> ledgers = new java.util.HashMap<>();
          config.mutuals().stream().filter(m -> m.externalLedger() != null)
              .forEach(m -> ledgers.put(m.id(), new ExternalLedgerClient(vertx, m.externalLedger())));
          if (!ledgers.isEmpty()) {
            LedgerOutboxWorker ledgerWorker = new LedgerOutboxWorker(outbox, new PgLedgerOutbox(pool), ledgers, registry);
            vertx.setPeriodic(LEDGER_OUTBOX_EVERY_MS, t -> ledgerWorker.postDue(20)
                .onFailure(e -> LOG.warn("ledger outbox round failed: {}", e.toString())));
            vertx.setPeriodic(LEDGER_STUCK_CHECK_EVERY_MS, LEDGER_STUCK_CHECK_EVERY_MS, t -> ledgerWorker.refreshStuck()
                .onFailure(e -> LOG.warn("ledger stuck check failed: {}", e.toString())));
          }
          collectorDirectory.refresh().onFailure(e -> LOG.warn("collectors' numbers not read yet: {}", e.toString()));
          vertx.setPeriodic(COLLECTORS_EVERY_MS, COLLECTORS_EVERY_MS, t -> collectorDirectory.refresh()
              .compose(x -> deposits.autoConfirmDue())
              .onFailure(e -> LOG.warn("collectors' round failed: {}", e.toString())));
          DailyRightsRun rights = new DailyRightsRun(new PgRights(pool), config, messages, clock, metrics);
          ReminderRun reminders = new ReminderRun(new PgRights(pool), new PgReminders(pool), config, messages, clock, metrics);
          vertx.setPeriodic(REMINDERS_CHECK_EVERY_MS, REMINDERS_CHECK_EVERY_MS, t -> reminders.runIfDue()
              .onFailure(e -> LOG.warn("reminder run failed: {}", e.toString())));
          vertx.setPeriodic(RIGHTS_CHECK_EVERY_MS, RIGHTS_CHECK_EVERY_MS, t -> rights.runIfDue()
              .onFailure(e -> LOG.warn("rights run failed: {}", e.toString())));
          vertx.setPeriodic(PAYMENT_CHECKS_EVERY_MS, t -> payments.checkDuePayments(20)
              .onFailure(e -> LOG.warn("payment status round failed: {}", e.toString())));
          LOG.info("keneya gateway listening on port {} (sessions in {}, wallet and SMS {})", server.actualPort(),
              redis != null ? "Redis" : "memory", simulated ? "SIMULATED in-process" : "at their configured addresses");
          return new KeneyaApp(vertx, pool, server, managementServer, redis, closing,
              management == router ? List.of(router) : List.of(router, management));
        }))
        .recover(e -> vertx.close().transform(x -> Future.failedFuture(e)));
  }

  /** A request that failed: a polite screen to a phone, a JSON status to an API client, never a stack trace. */
  private static void failed(io.vertx.ext.web.RoutingContext ctx, Messages messages) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) LOG.error("request failed {} {}", ctx.request().method(), PeerGuard.pathForLog(ctx), ctx.failure());
    if (ctx.response().ended()) return;
    if (ctx.request().path().startsWith("/ussd") && status >= 500) {
      // The aggregator shows whatever we answer to the caller: a polite screen, never an error page.
      ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("END " + messages.text(Messages.DEFAULT_LANGUAGE, "ussd.unavailable"));
    } else {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("error", status == 413 ? "too_large" : status >= 500 ? "internal" : "bad_request")
          .put("message", status == 413 ? "request body too large" : status >= 500 ? "internal error; it has been logged" : "bad request")
          .encode());
    }
  }
}
