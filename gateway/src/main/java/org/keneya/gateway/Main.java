package org.keneya.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.config.ConfigException;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the gateway: configuration, database (embedded unless pg.url is set), migrations, HTTP. */
@Command(name = "keneya-gateway", mixinStandardHelpOptions = true, subcommands = AccountsCommand.class,
    description = "USSD/SMS mobile-money gateway for community health mutuals.")
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Mali's time (UTC, no daylight saving): the day a payment is dated by. */
  static final ZoneId ZONE = ZoneId.of("Africa/Bamako");

  @Option(names = "--config", description = "configuration file (default: $KENEYA_CONFIG, else the shipped demo configuration)")
  Path configFile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    Path file = configFile != null ? configFile : env.containsKey("KENEYA_CONFIG") ? Path.of(env.get("KENEYA_CONFIG")) : null;
    KeneyaConfig config;
    try {
      config = ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      System.err.println("keneya: " + e.getMessage());
      System.err.println("keneya: not started. Fix the configuration and start again.");
      return 2;
    }
    if (!config.simulator().enabled()) {
      // Real money and real phones from here on: nothing the demo ships may open the door.
      java.util.List<String> refused = org.keneya.config.ProductionChecks.problems(config);
      if (!refused.isEmpty()) {
        refused.forEach(problem -> System.err.println("keneya: " + problem));
        System.err.println("keneya: not started: with simulator.enabled false, every secret must be real and every aggregator route guarded.");
        return 2;
      }
    }
    EmbeddedDatabase embedded = null;
    String pgUrl = config.pg().url();
    if (config.pg().embedded()) {
      LOG.info("no pg.url configured: starting an embedded PostgreSQL with its files in {}", config.pg().embeddedDataDir());
      embedded = EmbeddedDatabase.start(Path.of(config.pg().embeddedDataDir()));
      pgUrl = embedded.url();
    }
    PgDatabase database = new PgDatabase(pgUrl);
    try {
      if (config.pg().separateMigrationRole()) {
        PgDatabase owner = new PgDatabase(config.pg().migrationUrl());
        int applied = database.migrate(owner);
        LOG.info("database {} ready ({} migrations applied now as {}; {} may only read and append)", database.describe(), applied, owner.user(), database.user());
      } else {
        int applied = database.migrate();
        LOG.info("database {} ready ({} migrations applied now)", database.describe(), applied);
      }
    } catch (RuntimeException e) {
      System.err.println("keneya: cannot prepare the database at " + database.describe() + ": " + rootMessage(e));
      if (embedded != null) embedded.close();
      return 3;
    }
    KeneyaApp app;
    try {
      app = KeneyaApp.start(config, pgUrl, Clock.system(ZONE)).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      System.err.println("keneya: cannot start: " + rootMessage(e));
      if (embedded != null) embedded.close();
      return 4;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedDatabase toClose = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      app.close().toCompletionStage().toCompletableFuture().join();
      try {
        if (toClose != null) toClose.close();
      } catch (Exception e) {
        LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
      }
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
