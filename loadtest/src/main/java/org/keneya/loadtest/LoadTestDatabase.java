package org.keneya.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.gateway.EmbeddedDatabase;

/**
 * The PostgreSQL the gateway runs on during the load test: the one named by KENEYA_PG_URL (kept as
 * it is), else a fresh database on the local server (dropped at the end), else an embedded server
 * in a temporary folder (deleted at the end).
 */
final class LoadTestDatabase implements AutoCloseable {
  /** Local servers are tried as superuser {@code postgres} on the maintenance databases that usually exist. */
  private static final List<String> LOCAL_ADMIN_URLS = List.of(
      "postgresql://postgres@127.0.0.1:5432/postgres",
      "postgresql://postgres@127.0.0.1:5432/test");

  enum Kind { GIVEN, FRESH_ON_LOCAL_SERVER, EMBEDDED }

  private final Kind kind;
  private final String url;
  private final String adminUrl;
  private final String freshName;
  private final EmbeddedDatabase embedded;
  private final Path embeddedFolder;
  private boolean closed;

  private LoadTestDatabase(Kind kind, String url, String adminUrl, String freshName, EmbeddedDatabase embedded, Path embeddedFolder) {
    this.kind = kind;
    this.url = url;
    this.adminUrl = adminUrl;
    this.freshName = freshName;
    this.embedded = embedded;
    this.embeddedFolder = embeddedFolder;
  }

  static LoadTestDatabase open(String givenUrl, String freshName, PrintStream out) {
    if (givenUrl != null && !givenUrl.isBlank()) {
      return new LoadTestDatabase(Kind.GIVEN, givenUrl, null, null, null, null);
    }
    for (String admin : LOCAL_ADMIN_URLS) {
      PgDatabase adminDatabase = new PgDatabase(admin);
      try (Connection c = DriverManager.getConnection(adminDatabase.jdbcUrl(), adminDatabase.user(), adminDatabase.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + freshName);
        String url = admin.substring(0, admin.lastIndexOf('/') + 1) + freshName;
        return new LoadTestDatabase(Kind.FRESH_ON_LOCAL_SERVER, url, admin, freshName, null, null);
      } catch (SQLException e) {
        out.println("  (no fresh database through " + adminDatabase.describe() + ": " + e.getMessage() + ")");
      }
    }
    out.println("  no PostgreSQL on 127.0.0.1:5432 that lets user postgres create a database: starting an embedded one."
        + " Figures then measure the embedded server, not a tuned one.");
    try {
      Path folder = Files.createTempDirectory("keneya-loadtest-pg");
      EmbeddedDatabase embedded = EmbeddedDatabase.start(folder);
      return new LoadTestDatabase(Kind.EMBEDDED, embedded.url(), null, null, embedded, folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL; set KENEYA_PG_URL", e);
    }
  }

  String url() {
    return url;
  }

  Kind kind() {
    return kind;
  }

  String describe() {
    String where = new PgDatabase(url).describe();
    return switch (kind) {
      case GIVEN -> where + " (from KENEYA_PG_URL, kept)";
      case FRESH_ON_LOCAL_SERVER -> where + " (fresh, dropped at the end)";
      case EMBEDDED -> where + " (embedded, deleted at the end)";
    };
  }

  /** Rows of a query, each as column label to value. */
  List<Map<String, Object>> query(String sql, Object... parameters) {
    return new PgDatabase(url).query(sql, parameters);
  }


  void execute(String sql) {
    PgDatabase database = new PgDatabase(url);
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("statement failed: " + sql, e);
    }
  }

  /** The single number a query returns (a count, a sum), 0 when it is null. */
  long number(String sql, Object... parameters) {
    Object value = query(sql, parameters).get(0).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (kind == Kind.FRESH_ON_LOCAL_SERVER) {
      PgDatabase admin = new PgDatabase(adminUrl);
      try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password()); Statement s = c.createStatement()) {
        // FORCE: a pool connection the gateway has not closed yet must not keep the database alive.
        s.execute("DROP DATABASE IF EXISTS " + freshName + " WITH (FORCE)");
      } catch (SQLException e) {
        System.err.println("loadtest: could not drop database " + freshName + ": " + e.getMessage() + " (drop it by hand)");
      }
    } else if (kind == Kind.EMBEDDED) {
      try {
        embedded.close();
        try (Stream<Path> files = Files.walk(embeddedFolder)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } catch (IOException e) {
        System.err.println("loadtest: embedded PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
  }
}
