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

  /**
   * Applies the migrations as {@code owner} (the schema's owner, named by pg.migrationUrl), then
   * leaves this database's role (pg.url's user) able only to read and append: SELECT, INSERT,
   * UPDATE, DELETE on the tables, but only SELECT and INSERT on the journal and the audit log, no
   * TRUNCATE, no CREATE, no ownership. Granted anew after every migration, so new tables are covered.
   *
   * @throws IllegalStateException when the two name different databases, when this role is a
   *     superuser or owns something, or when it keeps a right to create that the owner cannot revoke
   */
  public int migrate(PgDatabase owner) {
    if (!owner.describe().equals(describe())) {
      throw new IllegalStateException("pg.migrationUrl names " + owner.describe() + " but pg.url names " + describe() + ": both must name the same database");
    }
    if (owner.user().equals(user())) {
      throw new IllegalStateException("pg.migrationUrl and pg.url both sign in as " + user() + ": the runtime role must be another role");
    }
    int applied = owner.migrate();
    owner.restrictToReadAndAppend(user());
    return applied;
  }

  /** The tables whose rows are the record: the runtime role may add to them, never change them. */
  private static final java.util.List<String> APPEND_ONLY = java.util.List.of("journal_entry", "posting", "audit_log");

  private void restrictToReadAndAppend(String role) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), password())) {
      String quotedRole = quote(c, role);
      java.util.List<java.util.Map<String, Object>> found = query(c, "SELECT rolsuper FROM pg_roles WHERE rolname = ?", role);
      if (found.isEmpty()) throw new IllegalStateException("pg.url's role " + role + " does not exist");
      if (Boolean.TRUE.equals(found.get(0).get("rolsuper"))) {
        throw new IllegalStateException("pg.url's role " + role + " is a superuser: it could change anything; use an ordinary role");
      }
      java.util.List<java.util.Map<String, Object>> owned = query(c, """
          SELECT c.relname AS name FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ?
          UNION ALL SELECT n.nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = ?
          UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = ?
          UNION ALL SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = ? AND d.datname = current_database()""",
          role, role, role, role);
      if (!owned.isEmpty()) {
        throw new IllegalStateException("pg.url's role " + role + " owns " + owned.stream().map(r -> String.valueOf(r.get("name"))).distinct().limit(5).toList()
            + ": give everything to the migration role first (REASSIGN OWNED BY " + role + " TO " + user() + ", as a role that is both)");
      }
      String schema = String.valueOf(query(c, "SELECT current_schema() AS schema").get(0).get("schema"));
      String quotedSchema = quote(c, schema);
      String database = String.valueOf(query(c, "SELECT current_database() AS database").get(0).get("database"));
      c.setAutoCommit(false);
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + quotedSchema + " FROM " + quotedRole);
        s.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + quotedSchema + " FROM " + quotedRole);
        // PUBLIC too: before PostgreSQL 15 every role could create in schema public.
        s.execute("REVOKE CREATE ON SCHEMA " + quotedSchema + " FROM PUBLIC, " + quotedRole);
        s.execute("REVOKE CREATE ON DATABASE " + quote(c, database) + " FROM PUBLIC, " + quotedRole);
        s.execute("GRANT USAGE ON SCHEMA " + quotedSchema + " TO " + quotedRole);
        s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + quotedSchema + " TO " + quotedRole);
        for (String table : APPEND_ONLY) s.execute("REVOKE UPDATE, DELETE ON " + quotedSchema + "." + table + " FROM " + quotedRole);
        // Flyway's own history is the owner's business.
        s.execute("REVOKE ALL ON " + quotedSchema + ".flyway_schema_history FROM " + quotedRole);
        s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + quotedSchema + " TO " + quotedRole);
      }
      // A right the owner could not take away (granted by another role, or through PUBLIC by a
      // schema's owner who is not ours) must stop the start, not be silently kept.
      java.util.List<java.util.Map<String, Object>> left = query(c, """
          SELECT 'CREATE on schema ' || n.nspname AS what FROM pg_namespace n
            WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND has_schema_privilege(?, n.oid, 'CREATE')
          UNION ALL SELECT 'CREATE on database ' || current_database() WHERE has_database_privilege(?, current_database(), 'CREATE')
          UNION ALL SELECT 'membership of ' || current_user WHERE pg_has_role(?, current_user, 'MEMBER')
          UNION ALL SELECT 'UPDATE, DELETE or TRUNCATE on ' || t FROM unnest(?::text[]) t
            WHERE has_table_privilege(?, ? || '.' || t, 'UPDATE, DELETE, TRUNCATE')""",
          role, role, role, APPEND_ONLY.toArray(new String[0]), role, schema);
      if (!left.isEmpty()) {
        c.rollback();
        throw new IllegalStateException("pg.url's role " + role + " keeps " + left.stream().map(r -> String.valueOf(r.get("what"))).toList()
            + " that " + user() + " cannot revoke: revoke it as the owner of the database or schema");
      }
      c.commit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot restrict pg.url's role " + role + " on " + describe() + ": " + e.getMessage(), e);
    }
  }

  private static String quote(java.sql.Connection c, String identifier) throws java.sql.SQLException {
    return String.valueOf(query(c, "SELECT quote_ident(?) AS quoted", identifier).get(0).get("quoted"));
  }

  private static java.util.List<java.util.Map<String, Object>> query(java.sql.Connection c, String sql, Object... parameters) throws java.sql.SQLException {
    try (java.sql.PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] instanceof String[] array) statement.setArray(i + 1, c.createArrayOf("text", array));
        else statement.setObject(i + 1, parameters[i]);
      }
      try (java.sql.ResultSet rs = statement.executeQuery()) {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          rows.add(row);
        }
        return rows;
      }
    }
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
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), password())) {
      return query(c, sql, parameters);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }
}
