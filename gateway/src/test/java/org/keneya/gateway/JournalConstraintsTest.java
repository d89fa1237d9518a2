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

  @Test
  void aPostingAddedByALaterTransactionMustKeepItsEntryBalanced() throws SQLException {
    long id = balancedEntry();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 500, 'XOF')");
      assertThatThrownBy(c::commit).hasMessageContaining("journal entry " + id + " is unbalanced");
    }
    // In autocommit each statement is its own transaction: the same refusal.
    try (Connection c = connect(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 500, 'XOF')"))
          .hasMessageContaining("unbalanced");
    }
    // Checked early and then changed in the same transaction: checked again at commit.
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 7, 'XOF')");
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'b', -7, 'XOF')");
      s.execute("SET CONSTRAINTS ALL IMMEDIATE");
      s.execute("SET CONSTRAINTS ALL DEFERRED");
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 1, 'XOF')");
      assertThatThrownBy(c::commit).hasMessageContaining("unbalanced");
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT count(*), sum(amount) FROM posting WHERE entry_id = " + id);
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(2);
      assertThat(rs.getLong(2)).isZero();
    }
  }

  @Test
  void theJournalAndTheAuditLogCannotBeTruncated() throws SQLException {
    long id = balancedEntry();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO audit_log (actor, action, subject, detail) VALUES ('someone', 'test', 'x', '{}')");
      assertThatThrownBy(() -> s.execute("TRUNCATE posting")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE journal_entry CASCADE")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE mutual CASCADE")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_log")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("UPDATE audit_log SET actor = 'someone else'")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM audit_log")).hasMessageContaining("append-only");
      var rs = s.executeQuery("SELECT (SELECT count(*) FROM posting WHERE entry_id = " + id + "), (SELECT count(*) FROM audit_log WHERE actor = 'someone')");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(2);
      assertThat(rs.getLong(2)).isEqualTo(1);
    }
  }

  private static long balancedEntry() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      long id = entry(s);
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'a', 100, 'XOF')");
      s.execute("INSERT INTO posting (entry_id, account, amount, currency) VALUES (" + id + ", 'b', -100, 'XOF')");
      c.commit();
      return id;
    }
  }
}
