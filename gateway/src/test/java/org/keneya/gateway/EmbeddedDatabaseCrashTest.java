package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keneya.adapters.pg.PgDatabase;

/** The embedded default after its gateway was killed outright: it starts again, with its data, durable. */
class EmbeddedDatabaseCrashTest {

  /** What the killed gateway was: a JVM running the embedded server, with a receipt committed. */
  public static final class KilledGateway {
    public static void main(String[] args) throws Exception {
      EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(args[0]));
      PgDatabase database = new PgDatabase(embedded.url());
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
          java.sql.Statement statement = c.createStatement()) {
        statement.execute("CREATE TABLE told_the_member (receipt text)");
        statement.execute("INSERT INTO told_the_member VALUES ('MOP-R0000001')");
      }
      System.out.println("READY");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }

  @Test
  void aGatewayKilledOutrightLeavesAServerTheNextStartStopsAndTheReceiptIsStillThere(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("postgres");
    Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KilledGateway.class.getName(), data.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // the embedded server's start-up lines
      }
      assertThat(line).as("the first gateway started its embedded server").isEqualTo("READY");
    }
    long orphan = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("its server outlives it").contains(true);

    try (EmbeddedDatabase again = startOrStop(data, orphan)) {
      PgDatabase database = new PgDatabase(again.url());
      List<Map<String, Object>> rows = database.query("SELECT receipt FROM told_the_member");
      assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("receipt", "MOP-R0000001"));
      assertThat(database.query("SHOW synchronous_commit")).singleElement()
          .satisfies(r -> assertThat(r).containsEntry("synchronous_commit", "on"));
      assertThat(database.query("SHOW fsync")).singleElement().satisfies(r -> assertThat(r).containsEntry("fsync", "on"));
    }
    boolean orphanAlive = ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false);
    ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy); // never leave a server behind, even when this fails
    assertThat(orphanAlive).as("the orphan was stopped").isFalse();
  }

  private static EmbeddedDatabase startOrStop(Path data, long orphan) throws Exception {
    try {
      return EmbeddedDatabase.start(data);
    } catch (Exception | Error e) {
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy);
      throw e;
    }
  }

  @Test
  void aLockFileNamingAnotherProcessIsStale(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("postgres");
    Files.createDirectories(data);
    // This test's own JVM: alive, and not a PostgreSQL server.
    Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");
    EmbeddedDatabase.stopOrphan(data);
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }
}
