package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.gateway.support.TestServers;

/** The database itself refuses an unbalanced or edited journal, whatever code writes to it. */
class JournalConstraintsTest {
  private static PgDatabase db;

  @BeforeAll
  static void database() throws SQLException {
    db = new PgDatabase(TestServers.freshDatabase());
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO mutual (id, code, name, currency) VALUES ('m', 'MM', 'M', 'XOF')");
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static long entry(Statement s) throws SQLException {
    var rs = s.executeQuery("INSERT INTO journal_entry (mutual_id, kind, memo) VALUES ('m', 'test', 't') RETURNING id");
    rs.next();
    return rs.getLong(1);
  }

  @Test
  void anUnbalancedEntryCannotBeCommitted() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      long id = entry(s);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 100, 'XOF')");
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'b', -99, 'XOF')");
      assertThatThrownBy(c::commit).hasMessageContaining("unbalanced");
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      entry(s);
      assertThatThrownBy(c::commit).hasMessageContaining("unbalanced");
    }
  }

  @Test
  void aBalancedEntryCommitsAndCanNeverBeChanged() throws SQLException {
    long id;
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      id = entry(s);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 100, 'XOF')");
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'b', -100, 'XOF')");
      c.commit();
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("UPDATE posting SET amount = 1000 WHERE entry_id = " + id)).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM posting WHERE entry_id = " + id)).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM journal_entry WHERE id = " + id)).hasMessageContaining("append-only");
      var rs = s.executeQuery("SELECT sum(amount) FROM posting WHERE entry_id = " + id);
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }
}
