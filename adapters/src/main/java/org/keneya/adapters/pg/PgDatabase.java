package org.keneya.adapters.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * Where the system of record lives. Migrations run over JDBC once at start-up; every request
 * afterwards goes through the reactive pool.
 */
public final class PgDatabase {
  private final PgConnectOptions options;

  /** @param url {@code postgresql://user:password@host:port/database} */
  public PgDatabase(String url) {
    this.options = PgConnectOptions.fromUri(url.startsWith("postgres://") ? "postgresql://" + url.substring(11) : url);
    if (options.getUser() == null || options.getUser().isBlank()) options.setUser(System.getProperty("user.name"));
    options.setCachePreparedStatements(true).setPipeliningLimit(64);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword();
  }

  /** Host, port and database, without credentials, for logs. */
  public String describe() {
    return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  /** Applies the versioned migrations under {@code db/migration}; blocking, call before serving. */
  public int migrate() {
    return Flyway.configure()
        .dataSource(jdbcUrl(), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /**
   * Rows of a query over a short-lived JDBC connection, each as column label to value: for tools
   * and checks that read the database outside the gateway's reactive pool (tests, load-test audit).
   */
  public java.util.List<java.util.Map<String, Object>> query(String sql, Object... parameters) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), password());
        java.sql.PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
      try (java.sql.ResultSet rs = statement.executeQuery()) {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          rows.add(row);
        }
        return rows;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }
}
