package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keneya.adapters.pg.PgAudit;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.gateway.support.PaidHouseholds;
import org.keneya.gateway.support.TestServers;

/**
 * The restore drill of the README: payments booked through a running gateway, the database dumped
 * with pg_dump -Fc, restored with pg_restore into a fresh database, and the copy audited.
 */
class RestoreDrillTest {
  @TempDir
  Path folder;

  @Test
  void aDumpRestoredIntoAFreshDatabasePassesTheAuditWithTheSameCounts() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture()) {
      PaidHouseholds.stubWalletAndSms(gateway);
      List<String> receipts = new ArrayList<>();
      for (int i = 1; i <= 3; i++) receipts.add(PaidHouseholds.pay(gateway, "+2237650000" + i));
      assertThat(receipts).containsExactly("MOP-R0000001", "MOP-R0000002", "MOP-R0000003");

      PgDatabase source = new PgDatabase(gateway.pgUrl);
      int serverMajor = serverMajor(source);
      Path pgDump = tool("pg_dump", serverMajor).orElse(null);
      Assumptions.assumeTrue(pgDump != null, "no pg_dump of PostgreSQL " + serverMajor + " or newer on PATH, under /usr/lib/postgresql/*/bin"
          + " or among the embedded PostgreSQL's binaries: the restore drill needs the client tools of the server's version or newer");
      Path pgRestore = pgDump.resolveSibling("pg_restore");

      PgAudit sourceAudit = new PgAudit(source);
      assertThat(sourceAudit.checks()).hasSize(6).allSatisfy(check -> assertThat(check.passed()).as(check.line()).isTrue());
      Map<String, Long> sourceCounts = sourceAudit.counts();
      assertThat(sourceCounts).containsEntry("receipt", 3L).containsEntry("journal_entry", 3L);

      Path dump = folder.resolve("keneya.dump");
      run(source, List.of(pgDump.toString(), "-Fc", "-f", dump.toString()));
      assertThat(Files.size(dump)).isPositive();

      String restoredName = "keneya_restored_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      PgDatabase admin = new PgDatabase(TestServers.pgAdminUrl());
      execute(admin, "CREATE DATABASE " + restoredName);
      String adminUrl = TestServers.pgAdminUrl();
      PgDatabase restored = new PgDatabase(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + restoredName);
      try {
        run(restored, List.of(pgRestore.toString(), "--no-owner", "--no-privileges", "--exit-on-error", "-d", restoredName, dump.toString()));

        PgAudit restoredAudit = new PgAudit(restored);
        List<PgAudit.Check> checks = restoredAudit.checks();
        assertThat(checks).hasSize(6).allSatisfy(check -> assertThat(check.passed()).as(check.line()).isTrue());
        assertThat(restoredAudit.counts()).isEqualTo(sourceCounts);
        assertThat(restored.query("SELECT receipt_number FROM receipt ORDER BY receipt_number"))
            .extracting(row -> row.get("receipt_number")).containsExactlyElementsOf(receipts);
        // The copy is one the gateway starts on: nothing left to migrate, and the journal still guarded.
        assertThat(restored.migrate()).isZero();
        assertThatThrownBy(() -> execute(restored, "DELETE FROM posting")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute(restored, "TRUNCATE audit_log")).hasMessageContaining("append-only");
      } finally {
        execute(admin, "DROP DATABASE IF EXISTS " + restoredName + " WITH (FORCE)");
      }
    }
  }

  /** The server's major version (15 for 15.20, 17 for 17.11). */
  private static int serverMajor(PgDatabase db) {
    Object number = db.query("SELECT current_setting('server_version_num')::int AS n").get(0).get("n");
    return ((Number) number).intValue() / 10000;
  }

  /**
   * A client tool whose major version is at least the server's (pg_dump refuses, or worse, an older
   * client), with its sibling pg_restore: on PATH, in Debian's versioned folders, or where the
   * embedded PostgreSQL unpacked its binaries.
   */
  private static Optional<Path> tool(String name, int serverMajor) throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) candidates.add(Path.of(dir, name));
    }
    for (Path root : List.of(Path.of("/usr/lib/postgresql"), Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg"))) {
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> versions = Files.list(root)) {
        versions.sorted().forEach(version -> candidates.add(version.resolve("bin").resolve(name)));
      }
    }
    for (Path candidate : candidates) {
      if (!Files.isExecutable(candidate) || !Files.isExecutable(candidate.resolveSibling("pg_restore"))) continue;
      Integer major = majorOf(candidate);
      if (major != null && major >= serverMajor) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  private static Integer majorOf(Path tool) {
    try {
      Process process = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) return null;
      Matcher m = Pattern.compile("\\) (\\d+)").matcher(out);
      return m.find() ? Integer.valueOf(m.group(1)) : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  /** Runs a client tool against {@code db} (connection by the standard PG* variables), failing with its output. */
  private static void run(PgDatabase db, List<String> command) throws IOException, InterruptedException {
    String where = db.describe();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGHOST", where.substring(0, where.lastIndexOf(':')));
    builder.environment().put("PGPORT", where.substring(where.lastIndexOf(':') + 1, where.indexOf('/')));
    builder.environment().put("PGDATABASE", where.substring(where.indexOf('/') + 1));
    builder.environment().put("PGUSER", db.user());
    if (db.password() != null) builder.environment().put("PGPASSWORD", db.password());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s still running", command.get(0)).isTrue();
    assertThat(process.exitValue()).as("%s said: %s", command, out).isZero();
  }

  private static void execute(PgDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
