package org.keneya.loadtest;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgRights;
import org.keneya.adapters.sms.SmscSimulator;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.gateway.KeneyaApp;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.reminders.ReminderRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The SMS campaign load test: a cotton-harvest reminder campaign to every household of a large
 * register, through the gateway's SMPP transport to an SMSC in this process that sends each
 * message's delivery receipt back. Prints submit_sm per second, the end-to-end time from the
 * campaign's start to the last submit_sm, and how fast receipts were recorded; checks that every
 * household received exactly one SMS.
 *
 * <p>Exit codes: 0 every household got its SMS once (whether or not the target was met, unless
 * {@code --strict-target}); 1 a check failed; 2 the run could not be set up; 3 target missed with
 * {@code --strict-target}.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true, sortOptions = false,
    description = "SMS reminder campaign through SMPP to an in-process SMSC (on PostgreSQL).")
final class SmsCampaignLoadTest implements Callable<Integer> {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  static final int TARGET_SUBMITS_PER_SECOND = 500;

  @Option(names = "--households", description = "households to remind, one SMS each (default: ${DEFAULT-VALUE})")
  int householdCount = 100_000;

  @Option(names = "--window", description = "submit_sm awaiting their answer at once, as an operator's contract sets it (default: ${DEFAULT-VALUE})")
  int window = 50;

  @Option(names = "--settle-timeout", description = "seconds to wait for every SMS and receipt (default: ${DEFAULT-VALUE})")
  int settleTimeoutSeconds = 900;

  @Option(names = "--keep-database", description = "keep the fresh database after the run, to inspect it")
  boolean keepDatabase;

  @Option(names = "--strict-target", description = "exit with 3 when fewer than 500 submit_sm per second were sent")
  boolean strictTarget;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (householdCount < 1 || householdCount > 999_999 || window < 1 || window > 100) {
      System.err.println("loadtest campaign: 1 <= --households <= 999999, 1 <= --window <= 100");
      return 2;
    }
    out.println("Keneya SMS campaign load test");
    LoadTestDatabase database;
    try {
      database = LoadTestDatabase.open(System.getenv("KENEYA_PG_URL"), "keneya_campaign_" + Instant.now().getEpochSecond(), out);
    } catch (RuntimeException e) {
      System.err.println("loadtest campaign: no PostgreSQL to run on: " + e.getMessage());
      return 2;
    }
    try (SmscSimulator smsc = new SmscSimulator("keneya", "loadtest", false, true)) {
      new PgDatabase(database.url()).migrate();
      return run(database, smsc);
    } finally {
      if (keepDatabase && database.kind() != LoadTestDatabase.Kind.GIVEN) out.println("database kept: " + database.url());
      else database.close();
    }
  }

  private int run(LoadTestDatabase database, SmscSimulator smsc) throws Exception {
    LocalDate today = LocalDate.now(BAMAKO);
    KeneyaConfig config = ConfigLoader.parse(configuration(smsc.port, today), "load test configuration", settings(database.url()));
    KeneyaApp app = KeneyaApp.start(config, database.url(), Clock.system(BAMAKO)).toCompletionStage().toCompletableFuture().join();
    try {
      out.println("  PostgreSQL       " + database.describe());
      out.println(Report.format("  SMSC             in-process jSMPP server on port %d, a DELIVRD receipt for each message;"
          + " window %d, no throughput limit", smsc.port, window));
      long enrolStart = System.nanoTime();
      enrol(database, householdCount);
      out.println(Report.format("  households       %d of the Nongon cotton mutual (Sikasso), none paid, registered in %.1f s",
          householdCount, (System.nanoTime() - enrolStart) / 1e9));
      out.println("  campaign         cotton harvest, season set to this month; no quiet hours (the run may be at night)");
      out.flush();

      // The day's run, as the gateway's scheduler starts it at 9:00; the gateway's own worker sends as it queues.
      ReminderRun reminders = new ReminderRun(new PgRights(app.pool()), new PgReminders(app.pool()), config,
          new Messages(MessageCatalogues.loadShipped()), Clock.fixed(today.atTime(9, 0).atZone(BAMAKO).toInstant(), BAMAKO),
          new Metrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
      long started = System.nanoTime();
      Optional<ReminderRun.Totals> totals = reminders.runIfDue().toCompletionStage().toCompletableFuture().join();
      long chosen = System.nanoTime();
      if (totals.isEmpty()) {
        System.err.println("loadtest campaign: the day's reminder run was already taken");
        return 2;
      }
      int queued = totals.get().queued();
      out.println(Report.format("  chosen           %d reminders queued in %.1f s (%d held, %d already)", queued, (chosen - started) / 1e9,
          totals.get().held(), totals.get().already()));

      long deadline = started + settleTimeoutSeconds * 1_000_000_000L;
      while (smsc.submitted.get() < queued && System.nanoTime() < deadline) Thread.sleep(100);
      long lastSubmit = smsc.lastSubmitNanos;
      while (database.number("SELECT count(*) FROM outbox WHERE delivery_status = 'SUCCESS'") < queued && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      long receiptsDone = System.nanoTime();
      long recorded = database.number("SELECT count(*) FROM outbox WHERE delivery_status = 'SUCCESS'");
      long submitted = smsc.submitted.get();
      double sendSeconds = (lastSubmit - smsc.firstSubmitNanos) / 1e9;
      double endToEnd = (lastSubmit - started) / 1e9;
      double perSecond = submitted / Math.max(sendSeconds, 1e-9);

      out.println();
      out.println("Results");
      out.println(Report.format("  submit_sm        %d in %.1f s from the first to the last: %.0f per second", submitted, sendSeconds, perSecond));
      out.println(Report.format("  end to end       %.1f s from the campaign's start to the last submit_sm: %.0f SMS per second overall",
          endToEnd, submitted / Math.max(endToEnd, 1e-9)));
      out.println(Report.format("  receipts         %d recorded on their SMS, the last %.1f s after the campaign's start", recorded,
          (receiptsDone - started) / 1e9));
      long duplicates = smsc.perDestination.values().stream().filter(n -> n > 1).count();
      long failed = database.number("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'reminder:%' AND status <> 'DONE'");
      boolean correct = submitted == queued && smsc.perDestination.size() == queued && duplicates == 0 && recorded == queued && failed == 0
          && queued == householdCount;
      out.println(Report.format("  %s every household reminded once: %d queued for %d households, %d numbers reached, %d twice,"
          + " %d not sent, %d receipts recorded", correct ? "PASS" : "FAIL", queued, householdCount, smsc.perDestination.size(), duplicates,
          failed, recorded));
      boolean met = perSecond >= TARGET_SUBMITS_PER_SECOND;
      out.println(Report.format("TARGET %s: %.0f submit_sm per second (target >= %d)", met ? "MET" : "MISSED", perSecond,
          TARGET_SUBMITS_PER_SECOND));
      out.flush();
      if (!correct) return 1;
      return strictTarget && !met ? 3 : 0;
    } finally {
      app.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** The shipped configuration, with an SMPP section for the local SMSC and the cotton season set to this month. */
  private String configuration(int smscPort, LocalDate today) {
    String shipped = ConfigLoader.shippedText();
    String cotton = "{ crop: cotton, regions: [sikasso, koutiala], fromMonth: 11, toMonth: 2 }";
    if (!shipped.contains(cotton)) throw new IllegalStateException("the shipped cotton calendar changed: " + cotton + " not found");
    int month = today.getMonthValue();
    return shipped.replace(cotton, "{ crop: cotton, regions: [sikasso, koutiala], fromMonth: " + month + ", toMonth: " + month + " }") + """

        smpp:
          host: "127.0.0.1"
          port: %d
          systemId: "keneya"
          password: "loadtest"
          systemType: ""
          sourceAddress: "KENEYA"
          windowSize: %d
          enquireLinkSeconds: 30
          reconnectBackoffMillis: 500
          timeoutMillis: 10000
        """.formatted(smscPort, window);
  }

  private static Map<String, String> settings(String pgUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put("KENEYA_HTTP_PORT", "0");
    settings.put("KENEYA_PG_URL", pgUrl);
    settings.put("KENEYA_REDIS_URL", "");
    // SMPP is used when the simulator is off; no wallet is called in this run.
    settings.put("KENEYA_SIMULATOR_ENABLED", "false");
    settings.put("KENEYA_SMS_MAX_PER_SECOND", "100000");
    // What is measured is the transport's pace, not the hourly budget a deployment sets against abuse.
    settings.put("KENEYA_SMS_MAX_PER_HOUR", "0");
    settings.put("KENEYA_REMINDERS_QUIET_FROM", "07:00");
    return settings;
  }

  /** Registers {@code count} households of one person each in the Nongon mutual, as a bulk import would, in one statement each. */
  private static void enrol(LoadTestDatabase database, int count) {
    database.execute("""
        INSERT INTO household (id, mutual_id, section_id, member_number, head_msisdn, language)
        SELECT gen_random_uuid(), 'nongon-cotton', 'nongon', 'NGN-' || lpad(g::text, 6, '0'), '+22375' || lpad(g::text, 6, '0'),
               CASE WHEN g %% 4 = 0 THEN 'bm' ELSE 'fr' END
          FROM generate_series(1, %d) g""".formatted(count));
    database.execute("""
        INSERT INTO member (id, household_id, member_number, name, role)
        SELECT gen_random_uuid(), id, member_number || '01', 'Chef de famille ' || member_number, 'HEAD' FROM household""");
    database.execute("INSERT INTO enrolment (id, household_id, product_id, started_on) SELECT gen_random_uuid(), id, 'cotton-harvest', current_date"
        + " FROM household");
    database.execute("INSERT INTO mutual_counter (mutual_id, kind, last_value) VALUES ('nongon-cotton', 'household', " + count + ")"
        + " ON CONFLICT (mutual_id, kind) DO UPDATE SET last_value = excluded.last_value");
    database.execute("ANALYZE household, member, enrolment");
  }
}
