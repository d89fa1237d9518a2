package org.keneya.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.config.ConfigException;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.gateway.KeneyaApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The USSD load test: starts the gateway in this process on PostgreSQL and Redis with its simulated
 * wallet, enrols households, runs concurrent USSD sessions against it (rights checks and payments
 * the wallet confirms by callback), prints hops per second and latency percentiles, then checks
 * that every confirmed payment produced exactly one receipt and a balanced journal entry.
 *
 * <p>Exit codes: 0 the money came out right (whether or not the throughput target was met, unless
 * {@code --strict-target}); 1 an audit check failed or an answer was not the expected screen;
 * 2 the run could not be set up; 3 target missed with {@code --strict-target}.
 */
@Command(name = "keneya-loadtest", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SmsCampaignLoadTest.class,
    description = "USSD load test of the Keneya gateway (in-process, on PostgreSQL and Redis).")
public final class UssdLoadTest implements Callable<Integer> {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  private static final long FIRST_NUMBER = 70_000_000L;
  private static final String LOCAL_REDIS = "redis://127.0.0.1:6379";
  /** Long enough for prepared statements to be planned again with the new statistics. */
  private static final int ANALYZE_BEFORE_MEASURING_SECONDS = 5;

  @Option(names = "--duration", description = "measured seconds, after the warm-up (default: ${DEFAULT-VALUE})")
  int durationSeconds = 60;

  @Option(names = "--warmup", description = "warm-up seconds, not measured; the JIT compiler takes half a core for about"
      + " 30 s of load (default: ${DEFAULT-VALUE})")
  int warmupSeconds = 40;

  @Option(names = "--concurrency", description = "USSD sessions in flight at any time (default: ${DEFAULT-VALUE})")
  int concurrency = 20;

  @Option(names = "--households", description = "households to enrol, 3 persons each; each pays at most once,"
      + " so after that many payments only rights checks remain (default: ${DEFAULT-VALUE})")
  int householdCount = 25_000;

  @Option(names = "--payment-share", description = "share of sessions that are payments (default: ${DEFAULT-VALUE})")
  double paymentShare = 0.4;

  @Option(names = "--approve-after-millis", description = "how long the simulated wallet waits before confirming (default: ${DEFAULT-VALUE})")
  int approveAfterMillis = 200;

  @Option(names = "--settle-timeout", description = "seconds to wait after the load for every payment to be resolved (default: ${DEFAULT-VALUE})")
  int settleTimeoutSeconds = 60;

  @Option(names = "--redis-url", description = "Redis for USSD sessions (default: $KENEYA_REDIS_URL, else "
      + LOCAL_REDIS + "); 'none' keeps sessions in memory")
  String redisUrl;

  @Option(names = "--seed", description = "seed of the callers' choices (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--analyze", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "ANALYZE the database 5 s before the measured window, as autovacuum would have long done on a database"
          + " in service (default: on; --no-analyze shows a brand-new database)")
  boolean analyze = true;

  @Option(names = "--keep-database", description = "keep the fresh database after the run, to inspect it")
  boolean keepDatabase;

  @Option(names = "--strict-target", description = "exit with 3 when the throughput or latency target is missed")
  boolean strictTarget;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new UssdLoadTest()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (durationSeconds < 1 || warmupSeconds < 0 || concurrency < 1 || householdCount < 1 || paymentShare < 0 || paymentShare > 1) {
      System.err.println("loadtest: --duration >= 1, --warmup >= 0, --concurrency >= 1, --households >= 1, 0 <= --payment-share <= 1");
      return 2;
    }
    Map<String, String> env = System.getenv();
    String redis = chooseRedis(env);
    long epochSecond = Instant.now().getEpochSecond();
    out.println("Keneya USSD load test");
    LoadTestDatabase database;
    try {
      database = LoadTestDatabase.open(env.get("KENEYA_PG_URL"), "keneya_loadtest_" + epochSecond, out);
    } catch (RuntimeException e) {
      System.err.println("loadtest: no PostgreSQL to run on: " + e.getMessage());
      return 2;
    }
    Thread dropOnExit = new Thread(() -> closeDatabase(database));
    Runtime.getRuntime().addShutdownHook(dropOnExit);
    try {
      return run(database, redis, env, Long.toString(epochSecond, 36));
    } finally {
      closeDatabase(database);
      try {
        Runtime.getRuntime().removeShutdownHook(dropOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private void closeDatabase(LoadTestDatabase database) {
    if (keepDatabase && database.kind() != LoadTestDatabase.Kind.GIVEN) {
      out.println("database kept: " + database.url());
      return;
    }
    database.close();
  }

  private int run(LoadTestDatabase database, String redis, Map<String, String> env, String runId) throws Exception {
    out.println("  PostgreSQL       " + database.describe());
    out.println("  USSD sessions    " + (redis.isEmpty() ? "in memory" : "Redis " + redis));
    try {
      new PgDatabase(database.url()).migrate();
    } catch (RuntimeException e) {
      System.err.println("loadtest: cannot migrate " + database.describe() + ": " + rootMessage(e));
      return 2;
    }
    KeneyaConfig config;
    try {
      config = ConfigLoader.load(null, gatewaySettings(env, database.url(), redis));
    } catch (ConfigException e) {
      System.err.println("loadtest: " + e.getMessage());
      return 2;
    }
    KeneyaApp app;
    try {
      app = KeneyaApp.start(config, database.url(), Clock.system(BAMAKO)).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      System.err.println("loadtest: the gateway did not start: " + rootMessage(e));
      return 2;
    }
    // The callers get a Vert.x of their own, one event loop: the gateway's event loops stay the gateway's.
    Vertx generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      HttpClient client = generator.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(Math.max(concurrency, 4)));
      out.println(Report.format("  gateway          in-process on port %d, pg pool %d, wallet simulated (confirms after %d ms, payers ending in 99 decline)",
          app.port(), config.pg().poolSize(), approveAfterMillis));

      HouseholdRegister households = new HouseholdRegister(householdCount, firstFreeNumber(database), seed);
      long enrolStart = System.nanoTime();
      // The register is enrolled as an administrator created for this run, as an operator would create one.
      String apiKey = await(org.keneya.gateway.accounts.Bootstrap.createAdministrator(app.pool(), "load test", "load test")).apiKey();
      int created = await(Enrolment.enrol(client, app.port(), apiKey, households));
      out.println(Report.format("  households       %d enrolled in %s (3 persons each, %s to %s) in %.1f s",
          created, HouseholdRegister.MUTUAL, households.firstNumber(), households.lastNumber(), (System.nanoTime() - enrolStart) / 1e9));
      // The register arrived seconds ago, long before autovacuum would look at it: without statistics the
      // planner joins every active enrolment to find one household. A database in service has them.
      database.execute("ANALYZE household, member, enrolment");
      out.println(Report.format("  load             %d concurrent callers, %.0f%% payments, %d s warm-up then %d s measured",
          concurrency, paymentShare * 100, warmupSeconds, durationSeconds));
      out.flush();

      ResourceUsage usage = new ResourceUsage(database, redis);
      Context callersContext = generator.getOrCreateContext();
      UssdCallers callers = new UssdCallers(callersContext, client, app.port(), "/ussd/at/" + AGGREGATOR_SECRET, households, runId, paymentShare, seed);
      Future<UssdCallers.Outcome> running = callers.run(concurrency, warmupSeconds, durationSeconds);
      long analyzeAt = Math.max(0, warmupSeconds - ANALYZE_BEFORE_MEASURING_SECONDS);
      Thread.sleep(TimeUnit.SECONDS.toMillis(analyzeAt));
      if (analyze) {
        // Payments fill receipt, receipt_member, payment_intent... from empty. Until autovacuum's first
        // ANALYZE (a minute or more away) the planner has no statistics for them and scans whole tables
        // on every hop; a database in service has had its statistics for months.
        database.execute("ANALYZE");
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds - analyzeAt));
      ResourceUsage.Snapshot before = usage.snapshot();
      Instant measuredFrom = Instant.now();
      Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
      Instant measuredTo = Instant.now();
      ResourceUsage.Snapshot after = usage.snapshot();
      UssdCallers.Outcome outcome = await(running);

      Measurements measured = outcome.measured();
      double hopsPerSecond = Report.hopsPerSecond(measured.hopCount(), outcome.measuredSeconds());
      out.println();
      out.println(Report.format("Results (the %d s warm-up excluded)", warmupSeconds));
      Report.results(measured, outcome.measuredSeconds(), concurrency).forEach(out::println);
      if (outcome.payersExhaustedAfterSeconds() >= 0) {
        out.println(Report.format("  NOTE             every household had paid %.1f s into the run; only rights checks after that:"
            + " enrol more with --households", outcome.payersExhaustedAfterSeconds()));
      }
      ResourceUsage.describe(before, after, measured.hopCount()).forEach(out::println);
      gatewayHopLatency(client, app.port()).forEach(out::println);
      String verdict = Target.ISSUE.verdict(hopsPerSecond, measured.latency());
      out.println(verdict);
      out.flush();

      out.println();
      out.println("Receipt audit");
      ReceiptAudit audit = new ReceiptAudit(database, households);
      ReceiptAudit.Settled settled = audit.settle(settleTimeoutSeconds);
      List<ReceiptAudit.Check> checks = new ArrayList<>();
      checks.add(new ReceiptAudit.Check(outcome.errorsWholeRun() == 0, Report.format(
          "every USSD answer was the expected screen: %d errors in the whole run, warm-up included", outcome.errorsWholeRun())));
      checks.addAll(audit.checks(settled, outcome.paymentsRequestedWholeRun(), settleTimeoutSeconds));
      checks.forEach(check -> out.println(check.line()));
      if (outcome.errorsWholeRun() > 0) {
        out.println("  first errors of the run (warm-up included):");
        outcome.firstErrorsWholeRun().forEach(error -> out.println("    " + error));
      }
      out.println("  (" + audit.bookingDelay() + "; the wallet approves after " + approveAfterMillis + " ms)");
      out.println("  (" + audit.bookingRate(measuredFrom, measuredTo) + ")");
      out.println("  (receipt SMS in the outbox by status: " + audit.receiptSmsByStatus() + ")");
      boolean correct = checks.stream().allMatch(ReceiptAudit.Check::passed);
      out.println(correct ? "AUDIT PASSED" : "AUDIT FAILED");
      out.println(verdict);
      out.flush();
      if (!correct) return 1;
      return strictTarget && !Target.ISSUE.metBy(hopsPerSecond, measured.latency()) ? 3 : 0;
    } finally {
      generator.close().toCompletionStage().toCompletableFuture().join();
      app.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** The load generator calls as the configured aggregator would, with the secret in its registered URL. */
  private static final String AGGREGATOR_SECRET = "loadtest-aggregator-" + java.util.UUID.randomUUID();

  /**
   * The shipped demo configuration, with the operator's KENEYA_* variables, then what the load test
   * needs whatever they say: a random port, this database, the simulated wallet confirming quickly.
   */
  private Map<String, String> gatewaySettings(Map<String, String> env, String pgUrl, String redis) {
    Map<String, String> settings = new HashMap<>(env);
    settings.put("KENEYA_HTTP_PORT", "0");
    settings.put("KENEYA_PG_URL", pgUrl);
    settings.put("KENEYA_REDIS_URL", redis);
    settings.put("KENEYA_SIMULATOR_ENABLED", "true");
    settings.put("KENEYA_PEERS_AGGREGATORS_0_SECRET", AGGREGATOR_SECRET);
    settings.put("KENEYA_SIMULATOR_APPROVE_AFTER_MILLIS", Integer.toString(approveAfterMillis));
    // The simulated SMS API has no throughput contract: receipts are not held back behind a real one's.
    settings.put("KENEYA_SMS_MAX_PER_SECOND", "100000");
    // What is measured is the transport's pace, not the hourly budget a deployment sets against abuse.
    settings.put("KENEYA_SMS_MAX_PER_HOUR", "0");
    // A callback lost under load is then recovered by the status checks within the settle timeout.
    settings.putIfAbsent("KENEYA_PAYMENTS_POLL_AFTER_SECONDS", "15");
    settings.putIfAbsent("KENEYA_PAYMENTS_POLL_INTERVAL_SECONDS", "5");
    return settings;
  }

  private String chooseRedis(Map<String, String> env) {
    String url = redisUrl != null ? redisUrl : env.getOrDefault("KENEYA_REDIS_URL", LOCAL_REDIS);
    if (url.isBlank() || url.equals("none")) return "";
    try {
      URI uri = URI.create(url);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 500);
        return url;
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println();
      System.err.println("************************************************************************");
      System.err.println("  REDIS NOT REACHABLE at " + url + " (" + e.getMessage() + ")");
      System.err.println("  Running with USSD sessions IN MEMORY: the figures below do not include");
      System.err.println("  Redis. Start Redis or set KENEYA_REDIS_URL / --redis-url.");
      System.err.println("************************************************************************");
      System.err.println();
      return "";
    }
  }

  /** After the numbers a previous run left in a database that is kept, so that enrolment never collides. */
  private static long firstFreeNumber(LoadTestDatabase database) {
    if (database.kind() != LoadTestDatabase.Kind.GIVEN) return FIRST_NUMBER;
    List<Map<String, Object>> rows = database.query(
        "SELECT max(head_msisdn) AS highest FROM household WHERE head_msisdn LIKE '+2237_______'");
    Object highest = rows.get(0).get("highest");
    return highest == null ? FIRST_NUMBER : Long.parseLong(((String) highest).substring(4)) + 1;
  }

  /** The gateway's own view of hop latency (inside its handler, without HTTP and queueing), from /metrics. */
  private static List<String> gatewayHopLatency(HttpClient client, int port) {
    List<String> lines = new ArrayList<>();
    try {
      String scrape = await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
              .setURI("/metrics").setIdleTimeout(10_000))
          .compose(r -> r.send())
          .compose(response -> response.body().map(b -> b.toString())));
      StringBuilder line = new StringBuilder("  gateway handler ");
      for (String metric : scrape.split("\n")) {
        if (!metric.startsWith("keneya_ussd_hop_latency")) continue;
        String[] parts = metric.split(" ");
        double value = Double.parseDouble(parts[parts.length - 1]);
        if (metric.contains("quantile=\"0.5\"")) line.append(Report.format(" p50 %.2f ms", value * 1000));
        else if (metric.contains("quantile=\"0.95\"")) line.append(Report.format("  p95 %.2f ms", value * 1000));
        else if (metric.contains("quantile=\"0.99\"")) line.append(Report.format("  p99 %.2f ms", value * 1000));
        else if (metric.startsWith("keneya_ussd_hop_latency_seconds_max")) line.append(Report.format("  max %.2f ms", value * 1000));
      }
      line.append("  (its own timer over the last minute or so: time inside the USSD handler, without HTTP parsing and event-loop queueing)");
      lines.add(line.toString());
    } catch (Exception e) {
      lines.add("  gateway handler  (no /metrics: " + e.getMessage() + ")");
    }
    return lines;
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
