package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.gateway.support.PaidHouseholds;
import org.keneya.gateway.support.TestServers;

/**
 * With pg.migrationUrl set, the migrations run as the owner and the gateway's own role can read and
 * append but not rewrite the record, create, drop or own anything.
 */
class MigrationRoleTest {
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final String OWNER = "keneya_owner_" + RUN;
  private static final String RUNTIME = "keneya_app_" + RUN;
  private static final String DATABASE = "keneya_roles_" + RUN;
  private static PgDatabase admin;
  private static String ownerUrl;
  private static String runtimeUrl;

  @BeforeAll
  static void rolesAndDatabase() throws SQLException {
    admin = new PgDatabase(TestServers.pgAdminUrl());
    try (Connection c = connect(admin); Statement s = c.createStatement()) {
      // Passwords only matter where the test server does not trust local connections.
      s.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD 'owner-" + RUN + "'");
      s.execute("CREATE ROLE " + RUNTIME + " LOGIN PASSWORD 'app-" + RUN + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
    }
    String server = admin.describe().substring(0, admin.describe().lastIndexOf('/'));
    ownerUrl = "postgresql://" + OWNER + ":owner-" + RUN + "@" + server + "/" + DATABASE;
    runtimeUrl = "postgresql://" + RUNTIME + ":app-" + RUN + "@" + server + "/" + DATABASE;
    assertThat(new PgDatabase(runtimeUrl).migrate(new PgDatabase(ownerUrl))).isGreaterThan(10);
  }

  @AfterAll
  static void dropThem() throws SQLException {
    try (Connection c = connect(admin); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      s.execute("DROP ROLE IF EXISTS " + RUNTIME);
      s.execute("DROP ROLE IF EXISTS " + OWNER);
    }
  }

  private static Connection connect(PgDatabase db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static Connection runtime() throws SQLException {
    return connect(new PgDatabase(runtimeUrl));
  }

  private static long number(Statement s, String sql) throws SQLException {
    var rs = s.executeQuery(sql);
    rs.next();
    return rs.getLong(1);
  }

  @Test
  void theRuntimeRoleOwnsNothingAndTheOwnerOwnsEveryTable() throws SQLException {
    try (Connection c = runtime(); Statement s = c.createStatement()) {
      assertThat(number(s, "SELECT count(*) FROM pg_tables WHERE tableowner = '" + RUNTIME + "'")).isZero();
      assertThat(number(s, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '" + OWNER + "'")).isZero();
      assertThat(number(s, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isGreaterThan(20);
    }
  }

  @Test
  void theRuntimeRoleAppendsABalancedEntryAndAnAuditRecord() throws SQLException {
    try (Connection c = runtime(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO mutual (id, code, name, currency) VALUES ('roles', 'RL', 'Roles', 'XOF') ON CONFLICT DO NOTHING");
      s.execute("UPDATE mutual SET name = 'Roles mutual' WHERE id = 'roles'");
      c.setAutoCommit(false);
      var rs = s.executeQuery("INSERT INTO journal_entry (mutual_id, kind, memo) VALUES ('roles', 'test', 'runtime') RETURNING id");
      rs.next();
      long id = rs.getLong(1);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'bank', 300, 'XOF'), (" + id + ", 'income', -300, 'XOF')");
      s.execute("INSERT INTO audit_log (actor, action, subject, detail) VALUES ('test', 'role.checked', 'roles', '{}')");
      c.commit();
      assertThat(number(s, "SELECT sum(amount) FROM posting WHERE entry_id = " + id)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UPDATE posting SET amount = amount", "DELETE FROM posting", "TRUNCATE posting",
      "UPDATE journal_entry SET memo = 'x'", "DELETE FROM journal_entry", "TRUNCATE journal_entry CASCADE",
      "UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
      "TRUNCATE household CASCADE",
      "CREATE TABLE stash (id int)", "CREATE SCHEMA stash", "CREATE FUNCTION stash() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      "DROP TABLE audit_log", "DROP TABLE receipt CASCADE", "DROP FUNCTION journal_refuse_change() CASCADE",
      "ALTER TABLE posting DISABLE TRIGGER posting_append_only", "ALTER TABLE audit_log OWNER TO {runtime}",
      "SET session_replication_role = replica",
      "INSERT INTO flyway_schema_history (installed_rank, description, type, script, installed_by, execution_time, success)"
          + " VALUES (999, 'x', 'SQL', 'x', 'x', 0, true)",
      "SET ROLE {owner}"})
  void theRuntimeRoleCannotRewriteCreateOrDrop(String template) throws SQLException {
    String statement = template.replace("{runtime}", RUNTIME).replace("{owner}", OWNER);
    try (Connection c = runtime(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(statement)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo("42501"));
    }
  }

  @Test
  void migratingAgainChangesNothingAndKeepsTheRestriction() throws SQLException {
    assertThat(new PgDatabase(runtimeUrl).migrate(new PgDatabase(ownerUrl))).isZero();
    try (Connection c = runtime(); Statement s = c.createStatement()) {
      assertThat(number(s, "SELECT count(*) FROM pg_tables WHERE tableowner = '" + RUNTIME + "'")).isZero();
      assertThatThrownBy(() -> s.execute("DELETE FROM audit_log")).hasMessageContaining("permission denied");
    }
  }

  @Test
  void aRuntimeRoleThatIsTheOwnerASuperuserOrOwnsATableIsRefused() throws SQLException {
    PgDatabase owner = new PgDatabase(ownerUrl);
    assertThatThrownBy(() -> new PgDatabase(ownerUrl).migrate(owner)).hasMessageContaining("must be another role");
    // The test server's administrator: a superuser on the local and embedded servers.
    PgDatabase adminHere = new PgDatabase("postgresql://" + admin.user() + (admin.password() == null ? "" : ":" + admin.password())
        + "@" + admin.describe().substring(0, admin.describe().lastIndexOf('/')) + "/" + DATABASE);
    try (Connection c = connect(adminHere); Statement s = c.createStatement()) {
      if (number(s, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper") == 1) {
        assertThatThrownBy(() -> adminHere.migrate(owner)).hasMessageContaining("is a superuser");
      }
      s.execute("CREATE TABLE handed_over (id int)");
      s.execute("ALTER TABLE handed_over OWNER TO " + RUNTIME);
      try {
        assertThatThrownBy(() -> new PgDatabase(runtimeUrl).migrate(owner)).hasMessageContaining("owns [handed_over]")
            .hasMessageContaining("REASSIGN OWNED BY " + RUNTIME);
      } finally {
        s.execute("DROP TABLE handed_over");
      }
    }
  }

  @Test
  void theGatewayBooksAPaymentAsTheRuntimeRole() {
    try (GatewayFixture gateway = new GatewayFixture(Map.of("KENEYA_PG_URL", runtimeUrl))) {
      PaidHouseholds.stubWalletAndSms(gateway);
      String receipt = PaidHouseholds.pay(gateway, "+22376400001");
      assertThat(receipt).startsWith("MOP-R");
      assertThat(gateway.count("SELECT count(*) FROM journal_entry j JOIN receipt r ON r.id = j.receipt_id WHERE r.receipt_number = '"
          + receipt + "'")).isEqualTo(1);
      assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();
    }
  }
}
