package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.config.TestConfiguration;
import org.keneya.gateway.support.GatewayFixture;
import picocli.CommandLine;

/** The first administrator comes from a command of the jar, which prints its API key once; there is no default password. */
class BootstrapCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Main()).execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private static String key(String out) {
    return out.lines().filter(l -> l.startsWith("keneya_")).findFirst().orElseThrow(() -> new AssertionError(out));
  }

  @Test
  void createAdminPrintsAKeyThatOpensTheApi_andNothingElseDoes(@TempDir Path dir) throws Exception {
    try (GatewayFixture gateway = new GatewayFixture()) {
      Path file = dir.resolve("keneya.yml");
      Files.writeString(file, TestConfiguration.text().replaceFirst("(?m)^  url: \"\"$", "  url: \"" + gateway.pgUrl + "\""));
      assertThat(Files.readString(file)).as("the command is pointed at the fixture's database").contains(gateway.pgUrl);
      Run created = run("--config", file.toString(), "accounts", "create-admin", "--name", "Awa Diarra");
      assertThat(created.exit()).as(created.err()).isZero();
      String key = key(created.out());

      HttpResponse<String> accounts = gateway.as(key, "GET", "/api/v1/accounts", null, null);
      assertThat(accounts.statusCode()).isEqualTo(200);
      assertThat(accounts.body()).contains("Awa Diarra", "administrator").doesNotContain(key.substring(key.indexOf('.') + 1));
      assertThat(gateway.sql("SELECT actor, account_id FROM audit_log WHERE action = 'account.created' ORDER BY id DESC LIMIT 1").get(0))
          .containsEntry("actor", "command line (accounts create-admin)").containsEntry("account_id", null);
      // No shared token, no default password: without the printed key the API stays shut.
      assertThat(gateway.as("demo-admin-token-change-me", "GET", "/api/v1/accounts", null, null).statusCode()).isEqualTo(401);
      assertThat(gateway.count("SELECT count(*) FROM account WHERE password_hash IS NOT NULL")).isZero();

      Run nameless = run("--config", file.toString(), "accounts", "create-admin");
      assertThat(nameless.exit()).isNotZero();
      assertThat(nameless.err()).contains("--name");
    }
  }

  @Test
  void withTheEmbeddedDatabaseTheCommandStartsItAsTheGatewayDoes(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("postgres");
    Path file = dir.resolve("keneya.yml");
    Files.writeString(file, TestConfiguration.text().replace("embeddedDataDir: \"keneya-data/postgres\"", "embeddedDataDir: \"" + data + "\""));
    Run created = run("--config", file.toString(), "accounts", "create-admin", "--name", "Awa Diarra");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(key(created.out())).matches("keneya_[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
    // The account is in the embedded database's files, where the gateway will find it.
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data)) {
      List<Map<String, Object>> rows = new PgDatabase(embedded.url()).query(
          "SELECT a.name, g.role FROM account a JOIN account_grant g ON g.account_id = a.id");
      assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("name", "Awa Diarra").containsEntry("role", "administrator"));
    }
  }
}
