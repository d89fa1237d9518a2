package org.keneya.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keneya.adapters.ledger.ExternalLedgerClient;
import org.keneya.adapters.pg.PgAccounts;
import org.keneya.adapters.pg.PgCashDeposits;
import org.keneya.adapters.pg.PgClaims;
import org.keneya.adapters.pg.PgCollectorAnomalies;
import org.keneya.adapters.pg.PgCollectors;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.pg.PgLedger;
import org.keneya.adapters.pg.PgLedgerOutbox;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgPins;
import org.keneya.adapters.pg.PgReconciliation;
import org.keneya.adapters.pg.PgRemittances;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgReports;
import org.keneya.adapters.pg.PgReversals;
import org.keneya.adapters.pg.PgRights;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.adapters.session.InMemorySessionStore;
import org.keneya.adapters.session.RedisRateLimiter;
import org.keneya.adapters.session.RedisSessionStore;
import org.keneya.adapters.sms.AfricasTalkingSms;
import org.keneya.adapters.sms.SmppSms;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ports.SmsSender;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.gateway.BackgroundJobs.Job;
import org.keneya.gateway.accounts.Access;
import org.keneya.gateway.accounts.AccountsApi;
import org.keneya.gateway.accounts.Throttle;
import org.keneya.gateway.admin.ClaimsApi;
import org.keneya.gateway.admin.CollectorsApi;
import org.keneya.gateway.admin.HouseholdImportApi;
import org.keneya.gateway.admin.HouseholdsApi;
import org.keneya.gateway.admin.LedgerApi;
import org.keneya.gateway.admin.MutualsApi;
import org.keneya.gateway.admin.ReconciliationApi;
import org.keneya.gateway.admin.ReminderReportApi;
import org.keneya.gateway.admin.ReportsApi;
import org.keneya.gateway.admin.ReversalApi;
import org.keneya.gateway.collectors.CashDeposits;
import org.keneya.gateway.collectors.CollectorDirectory;
import org.keneya.gateway.collectors.CollectorUssd;
import org.keneya.gateway.collectors.CollectorWorks;
import org.keneya.flows.ussd.centre.CentreMenu;
import org.keneya.flows.ussd.collector.CollectorMenu;
import org.keneya.gateway.ussd.HopLimit;
import org.keneya.gateway.ussd.MemberContexts;
import org.keneya.gateway.ussd.MemberEffects;
import org.keneya.gateway.ussd.MemberHops;
import org.keneya.gateway.ussd.PhoneScreens;
import org.keneya.gateway.ussd.PinMenuHops;
import org.keneya.gateway.ussd.UssdSessions;
import org.keneya.gateway.edge.PeerGuard;
import org.keneya.gateway.payments.LedgerOutboxWorker;
import org.keneya.gateway.payments.OutboxWorker;
import org.keneya.gateway.payments.PaymentService;
import org.keneya.gateway.payments.WalletCallbackRoute;
import org.keneya.gateway.payments.Wallets;
import org.keneya.gateway.reminders.ReminderRun;
import org.keneya.gateway.rights.CentrePinApi;
import org.keneya.gateway.rights.CentreUssd;
import org.keneya.gateway.rights.DailyRightsRun;
import org.keneya.gateway.rights.RightsCheckApi;
import org.keneya.gateway.rights.RightsChecks;
import org.keneya.gateway.simulator.Simulators;
import org.keneya.gateway.sms.DeliveryReportRoute;
import org.keneya.gateway.sms.InboundSmsRoute;
import org.keneya.gateway.sms.SmsDestinations;
import org.keneya.gateway.ussd.AfricasTalkingProtocol;
import org.keneya.gateway.ussd.FreeflowProtocol;
import org.keneya.gateway.ussd.PinChecks;
import org.keneya.gateway.ussd.UssdEndpoint;
import org.keneya.gateway.ussd.UssdService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's parts, each made once and shared by every verticle: the adapters, the services, the
 * route groups of each port and the background jobs. Everything here is safe to call from any event
 * loop (state lives in PostgreSQL, Redis or concurrent maps).
 */
final class Wiring {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
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

  final KeneyaConfig config;
  final Vertx vertx;
  final Pool pool;
  final Metrics metrics;
  final Messages messages;
  final PeerGuard peerGuard;
  /** What holds threads or connections of its own, closed with the gateway (the SMPP link). */
  final List<Runnable> closing = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  private final Redis redis;
  private final SessionStore sessions;
  private final RateLimiter rateLimiter;
  private final PgHouseholds households;
  private final PgPayments paymentStore;
  private final PgOutbox outbox;
  private final boolean simulated;
  /** This gateway's own address, where the simulated wallets and SMS API answer and call back. */
  private final String self;
  private final Wallets wallets;
  private final DeliveryReportRoute deliveries;
  private final SmsDestinations smsDestinations;
  private final OutboxWorker outboxWorker;
  private final PaymentService payments;
  private final RightsChecks rightsChecks;
  private final PgPins pins;
  private final CentreUssd centres;
  private final PgCollectors collectors;
  private final PgCashDeposits cashDeposits;
  private final PgRemittances remittances;
  private final CollectorDirectory collectorDirectory;
  private final CashDeposits deposits;
  private final UssdService ussd;
  private final Throttle throttle;
  private final PgAccounts accounts;
  private final Access access;

  /** @param publicPort the public port's number, for the simulated peers to call */
  Wiring(KeneyaConfig config, Vertx vertx, Pool pool, PrometheusMeterRegistry registry, Clock clock, int publicPort) {
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
    this.clock = clock;
    metrics = new Metrics(registry);
    messages = new Messages(MessageCatalogues.loadShipped());
    households = new PgHouseholds(pool);
    paymentStore = new PgPayments(pool, config, messages);
    outbox = new PgOutbox(pool);
    // The client's defaults (6 connections, 24 waiting commands) refuse hops beyond a dozen at once.
    redis = config.redis().configured() ? Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url())
        .setMaxPoolSize(config.redis().pool()).setMaxPoolWaiting(config.redis().pool() * 64)) : null;
    sessions = redis != null ? new RedisSessionStore(redis, config.redis().prefix()) : new InMemorySessionStore(clock);
    rateLimiter = redis != null ? new RedisRateLimiter(redis, config.redis().prefix(), clock) : new InMemoryRateLimiter(clock);
    peerGuard = new PeerGuard(config, metrics);

    self = "http://127.0.0.1:" + publicPort;
    simulated = config.simulator().enabled();
    wallets = new Wallets(vertx, config, simulated ? self : null, clock, registry);
    deliveries = new DeliveryReportRoute(vertx, outbox, metrics);
    smsDestinations = new SmsDestinations(config);
    outboxWorker = new OutboxWorker(outbox, smsSender(), metrics, config.sms().maxPerSecond(),
        config.remindersOrDefaults(), clock, smsDestinations, rateLimiter, config.sms().maxPerHour());
    // A receipt's SMS goes out within 100 ms of booking: the background jobs run an outbox round when asked.
    payments = new PaymentService(paymentStore, wallets, outbox, messages, config.payments(), clock, metrics,
        () -> vertx.eventBus().send(BackgroundJobs.SOON, null));
    rightsChecks = new RightsChecks(config, households, pool, clock, metrics);
    pins = new PgPins(pool);
    PinChecks pinChecks = new PinChecks(vertx, pins, metrics);
    UssdSessions ussdSessions = new UssdSessions(sessions, config.ussd());
    PhoneScreens screens = new PhoneScreens(messages, config.ussd());
    PinMenuHops pinMenuHops = new PinMenuHops(ussdSessions, screens, pinChecks, metrics);
    centres = new CentreUssd(new CentreMenu(messages), rightsChecks, pins, pinChecks, config, clock, pinMenuHops);
    collectors = new PgCollectors(pool);
    cashDeposits = new PgCashDeposits(pool, paymentStore, messages, config.remindersOrDefaults().zone());
    remittances = new PgRemittances(pool);
    collectorDirectory = new CollectorDirectory(collectors);
    deposits = new CashDeposits(cashDeposits, config, messages);
    ussd = new UssdService(ussdSessions, new HopLimit(rateLimiter, config.ussd().rateLimit()), screens, metrics,
        new MemberHops(new UssdEngine(messages), ussdSessions, new MemberContexts(households, config, wallets, clock),
            new MemberEffects(payments, deposits, outbox, screens, metrics), screens, metrics),
        new CollectorUssd(new CollectorMenu(messages), collectorDirectory,
            new CollectorWorks(vertx, collectors, cashDeposits, remittances, households, pinChecks, config, clock), pinMenuHops),
        centres);
    collectorDirectory.refresh().onFailure(e -> LOG.warn("collectors' numbers not read yet: {}", e.toString()));

    // Accounts and roles: every /api/v1 request is authenticated first, then each route requires its permission.
    throttle = new Throttle(rateLimiter, clock);
    accounts = new PgAccounts(pool);
    access = new Access(accounts, throttle, clock, peerGuard.sources());
  }

  private SmsSender smsSender() {
    if (config.smpp() == null || simulated) {
      return new AfricasTalkingSms(vertx, config.sms(), simulated ? self + "/simulator/sms" : config.sms().baseUrl());
    }
    // SMPP when configured: delivery receipts come on the same link and are recorded like the HTTP ones.
    SmppSms smpp = new SmppSms(vertx, config.smpp(), receipt -> deliveries.record(receipt.messageId(), receipt.reportStatus(),
        receipt.failureReason()).onFailure(e -> LOG.warn("SMPP delivery receipt not recorded: {}", e.toString())));
    smpp.start().whenComplete((x, e) -> {
      if (e != null) LOG.warn("SMPP not bound yet, binding again in the background: {}", e.getMessage());
    });
    closing.add(smpp::close);
    return smpp;
  }

  String sessionsIn() {
    return redis != null ? "Redis" : "memory";
  }

  /**
   * What the public port serves: members' phones through the aggregators, wallets, health centres,
   * and, when it has no port of its own, {@link #managementRoutes}.
   */
  List<RouteGroup> publicRoutes() {
    boolean separate = config.http().separateManagement();
    List<RouteGroup> routes = new ArrayList<>();
    routes.add(health());
    if (!separate) routes.add(metricsRoute());
    UssdEndpoint endpoint = new UssdEndpoint(ussd, List.of(new AfricasTalkingProtocol(config.defaultCountryCode()),
        new FreeflowProtocol(config.defaultCountryCode())), metrics);
    routes.add(router -> endpoint.addRoutes(router, peerGuard));
    routes.add(new WalletCallbackRoute(payments));
    // The public port serves only the health centres' checks under /api/v1 when the rest has its own port; there it is not at all.
    routes.add(separate ? router -> access.addAuthentication(router, RightsCheckApi.PATH_PREFIX + "*") : access::addAuthentication);
    routes.add(new RightsCheckApi(config, rightsChecks, messages, metrics, access));
    routes.add(router -> deliveries.addRoutes(router, peerGuard));
    InboundSmsRoute inbound = new InboundSmsRoute(config, rightsChecks, centres, outbox, households, rateLimiter, messages,
        clock, metrics, deposits, collectorDirectory, smsDestinations);
    routes.add(router -> inbound.addRoutes(router, peerGuard));
    if (!separate) routes.addAll(administration());
    if (simulated) routes.addAll(Simulators.of(vertx, config, self));
    return routes;
  }

  /** What the management port serves, when it is configured: metrics and the administrators' API, one the proxy does not publish. */
  List<RouteGroup> managementRoutes() {
    List<RouteGroup> routes = new ArrayList<>(List.of(health(), metricsRoute(), access::addAuthentication));
    routes.addAll(administration());
    return routes;
  }

  private List<RouteGroup> administration() {
    return List.of(
        new AccountsApi(vertx, config, accounts, access, throttle, clock),
        new MutualsApi(config, access),
        new HouseholdImportApi(config, households, clock, access),
        new HouseholdsApi(config, households, messages, clock, access),
        new CentrePinApi(vertx, config, pins, access),
        new CollectorsApi(vertx, config, collectors, remittances, new PgCollectorAnomalies(pool), collectorDirectory, clock, access),
        new ReversalApi(config, new PgReversals(pool), messages, access),
        new ClaimsApi(config, new PgClaims(pool), clock, access),
        new ReportsApi(config, new PgReports(pool), clock, access),
        new ReminderReportApi(config, new PgReminders(pool), access),
        new LedgerApi(config, new PgLedger(pool), clock, access),
        new ReconciliationApi(config, new PgReconciliation(pool), paymentStore, metrics, access));
  }

  private RouteGroup health() {
    return router -> router.get("/health").handler(ctx -> pool.query("SELECT 1").execute().onComplete(r -> ctx.response()
        .setStatusCode(r.succeeded() ? 200 : 503).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", r.succeeded() ? "UP" : "DOWN").encode())));
  }

  private RouteGroup metricsRoute() {
    return router -> router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
  }

  /** The background jobs; the outbox round also runs when a booking asks for it. */
  BackgroundJobs jobs() {
    Job outboxRound = new Job("outbox round", OUTBOX_EVERY_MS, () -> outboxWorker.drain(OUTBOX_BATCH));
    List<Job> jobs = new ArrayList<>();
    Map<String, ExternalLedgerClient> ledgers = new HashMap<>();
    config.mutuals().stream().filter(m -> m.externalLedger() != null)
        .forEach(m -> ledgers.put(m.id(), new ExternalLedgerClient(vertx, m.externalLedger())));
    if (!ledgers.isEmpty()) {
      LedgerOutboxWorker ledgerWorker = new LedgerOutboxWorker(outbox, new PgLedgerOutbox(pool), ledgers, registry);
      jobs.add(new Job("ledger outbox round", LEDGER_OUTBOX_EVERY_MS, () -> ledgerWorker.postDue(20)));
      jobs.add(new Job("ledger stuck check", LEDGER_STUCK_CHECK_EVERY_MS, ledgerWorker::refreshStuck));
    }
    jobs.add(new Job("collectors' round", COLLECTORS_EVERY_MS, () -> collectorDirectory.refresh()
        .compose(x -> deposits.autoConfirmDue())));
    DailyRightsRun rights = new DailyRightsRun(new PgRights(pool), config, messages, clock, metrics);
    ReminderRun reminders = new ReminderRun(new PgRights(pool), new PgReminders(pool), config, messages, clock, metrics);
    jobs.add(new Job("reminder run", REMINDERS_CHECK_EVERY_MS, reminders::runIfDue));
    jobs.add(new Job("rights run", RIGHTS_CHECK_EVERY_MS, rights::runIfDue));
    jobs.add(new Job("payment status round", PAYMENT_CHECKS_EVERY_MS, () -> payments.checkDuePayments(20)));
    return new BackgroundJobs(outboxRound, jobs);
  }
}
