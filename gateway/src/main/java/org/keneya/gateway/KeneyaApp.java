package org.keneya.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.KeneyaConfig;
import org.keneya.gateway.edge.RefusalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: its parts made once ({@link Wiring}), the public port served by one
 * {@link HttpVerticle} per core ({@code http.instances}), the management port by one of its own, and
 * the background work ({@link BackgroundJobs}) by a single verticle. The database must already be migrated.
 */
public final class KeneyaApp {
  private static final Logger LOG = LoggerFactory.getLogger(KeneyaApp.class);
  /** Vert.x shares the random port it picks for a negative port number among all servers listening on that number. */
  private static final int SHARED_RANDOM_PORT = -1;

  private final Vertx vertx;
  private final Pool pool;
  private final int port;
  private final int managementPort;
  /** What holds threads or connections of its own, closed with the gateway (the SMPP link). */
  private final List<Runnable> closing;
  /** One public verticle's router and the management one's, for the test that checks every /api/v1 route declares who may call it. */
  private final List<Router> routers;

  private KeneyaApp(Vertx vertx, Pool pool, int port, int managementPort, List<Runnable> closing, List<Router> routers) {
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
    this.managementPort = managementPort;
    this.closing = closing;
    this.routers = routers;
  }

  public int port() {
    return port;
  }

  /** Where /metrics and the administrators' API answer: the management port when one is configured. */
  public int managementPort() {
    return managementPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /** Each route's methods (empty: any) and path, in registration order. */
  public List<Map.Entry<Set<String>, String>> routes() {
    return routers.stream().flatMap(router -> router.getRoutes().stream()).filter(r -> r.getPath() != null)
        .map(r -> Map.entry(r.methods() == null ? Set.<String>of()
            : r.methods().stream().map(Object::toString).collect(Collectors.toSet()), r.getPath()))
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
    Pool pool = new PgDatabase(pgUrl).pool(vertx, config.pg().poolSize());
    AtomicReference<Wiring> made = new AtomicReference<>();
    return reservePort(vertx, config.http().port())
        .compose(reserved -> new PgHouseholds(pool).syncMutuals(config).map(reserved))
        .compose(reserved -> {
          int port = reserved == null ? config.http().port() : reserved.actualPort();
          made.set(new Wiring(config, vertx, pool, registry, clock, port));
          Future<KeneyaApp> started = deploy(made.get(), reserved == null ? port : SHARED_RANDOM_PORT, port);
          return reserved == null ? started : started.andThen(x -> reserved.close());
        })
        .recover(e -> {
          if (made.get() != null) made.get().closing.forEach(Runnable::run);
          return vertx.close().transform(x -> Future.failedFuture(e));
        });
  }

  /**
   * With {@code http.port} 0, a port the system picks, held by a placeholder server until the HTTP
   * verticles share it (each listening on 0 would get a port of its own): the simulated peers need its
   * number before the services are made. Null when the port is configured.
   */
  private static Future<HttpServer> reservePort(Vertx vertx, int configured) {
    if (configured != 0) return Future.succeededFuture(null);
    return vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(503).end()).listen(SHARED_RANDOM_PORT);
  }

  private static Future<KeneyaApp> deploy(Wiring wiring, int listenOn, int port) {
    KeneyaConfig config = wiring.config;
    Vertx vertx = wiring.vertx;
    boolean separate = config.http().separateManagement();
    AtomicReference<Router> publicRouter = new AtomicReference<>();
    AtomicReference<Router> managementRouter = new AtomicReference<>();
    int instances = config.http().instancesOrDefault();
    HttpVerticle.Port publicPort = new HttpVerticle.Port(listenOn, wiring.publicRoutes(), wiring.metrics, wiring.peerGuard.sources(),
        new RefusalLog(), wiring.messages);
    Future<?> management = separate
        ? vertx.deployVerticle(new HttpVerticle(new HttpVerticle.Port(config.http().managementPort(), wiring.managementRoutes(),
            wiring.metrics, wiring.peerGuard.sources(), new RefusalLog(), wiring.messages), managementRouter::set))
        : Future.succeededFuture();
    return management
        .compose(x -> vertx.deployVerticle(() -> new HttpVerticle(publicPort, router -> publicRouter.compareAndSet(null, router)),
            new DeploymentOptions().setInstances(instances)))
        .compose(x -> vertx.deployVerticle(wiring.jobs()))
        .map(x -> {
          LOG.info("keneya gateway listening on port {} with {} event loops (sessions in {}, wallet and SMS {})", port, instances,
              wiring.sessionsIn(), config.simulator().enabled() ? "SIMULATED in-process" : "at their configured addresses");
          return new KeneyaApp(vertx, wiring.pool, port, separate ? config.http().managementPort() : port, wiring.closing,
              separate ? List.of(publicRouter.get(), managementRouter.get()) : List.of(publicRouter.get()));
        });
  }
}
