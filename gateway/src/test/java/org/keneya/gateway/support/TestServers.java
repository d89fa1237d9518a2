package org.keneya.gateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.keneya.adapters.pg.PgDatabase;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis the tests run against: those named by KENEYA_TEST_PG_URL and
 * KENEYA_TEST_REDIS_URL when set, else the local servers on 127.0.0.1 when they answer, else
 * embedded ones started once for the whole test run. Each test class gets a database of its own.
 */
public final class TestServers {
  private static String pgAdminUrl;
  private static String redisUrl;
  private static EmbeddedPostgres embeddedPostgres;
  private static RedisServer embeddedRedis;
  /** The databases this run made, dropped when it ends: a shared server must not fill its disk with them run after run. */
  private static final java.util.List<String> created = new java.util.ArrayList<>();

  private TestServers() {}

  /** A new, empty, migrated database, as a {@code postgresql://} URL. */
  public static synchronized String freshDatabase() {
    String admin = pgAdminUrl();
    String name = "keneya_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PgDatabase adminDb = new PgDatabase(admin);
    try (Connection c = DriverManager.getConnection(adminDb.jdbcUrl(), adminDb.user(), adminDb.password()); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
      if (created.isEmpty()) Runtime.getRuntime().addShutdownHook(new Thread(TestServers::dropCreated));
      created.add(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + adminDb.describe(), e);
    }
    String url = admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    new PgDatabase(url).migrate();
    return url;
  }

  /** Drops the databases of this run, whatever still holds a connection to them (WITH FORCE, PostgreSQL 13 and later). */
  private static synchronized void dropCreated() {
    if (embeddedPostgres != null) return;
    PgDatabase adminDb = new PgDatabase(pgAdminUrl);
    try (Connection c = DriverManager.getConnection(adminDb.jdbcUrl(), adminDb.user(), adminDb.password()); Statement s = c.createStatement()) {
      for (String name : created) s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("test databases not all dropped: " + e.getMessage());
    }
  }

  public static synchronized String pgAdminUrl() {
    if (pgAdminUrl != null) return pgAdminUrl;
    String fromEnv = System.getenv("KENEYA_TEST_PG_URL");
    if (fromEnv != null && !fromEnv.isBlank()) return pgAdminUrl = fromEnv;
    String local = "postgresql://postgres@127.0.0.1:5432/postgres";
    if (reachable(5432) && canConnect(local)) return pgAdminUrl = local;
    try {
      embeddedPostgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embeddedPostgres.close();
        } catch (IOException ignored) {
          // the JVM is going away; the temporary cluster goes with it
        }
      }));
      return pgAdminUrl = "postgresql://postgres@localhost:" + embeddedPostgres.getPort() + "/postgres";
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL for the tests: set KENEYA_TEST_PG_URL", e);
    }
  }

  public static synchronized String redisUrl() {
    if (redisUrl != null) return redisUrl;
    String fromEnv = System.getenv("KENEYA_TEST_REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) return redisUrl = fromEnv;
    if (reachable(6379)) return redisUrl = "redis://127.0.0.1:6379";
    try {
      int port = freePort();
      embeddedRedis = new RedisServer(port);
      embeddedRedis.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embeddedRedis.stop();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
      return redisUrl = "redis://127.0.0.1:" + port;
    } catch (IOException e) {
      throw new IllegalStateException("no Redis for the tests: set KENEYA_TEST_REDIS_URL", e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean canConnect(String url) {
    PgDatabase db = new PgDatabase(url);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
