package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.keneya.flows.ledger.JournalEntry;

/**
 * Writes journal entries: the entry and its postings, on the caller's connection, inside the
 * transaction of what the entry books. The journal is append-only and the database checks at
 * commit that every entry balances. Whether an entry also goes to the mutual's external ledger is
 * the caller's choice, made with {@link PgLedgerOutbox} once what the entry points at is written.
 */
public final class JournalWriter {
  private JournalWriter() {}

  /** Writes {@code entry}; completes with its id. */
  public static Future<Long> write(SqlClient conn, JournalEntry entry) {
    return conn.preparedQuery("INSERT INTO journal_entry (mutual_id, receipt_id, kind, memo) VALUES ($1, $2, $3, $4) RETURNING id")
        .execute(Tuple.of(entry.mutualId(), entry.receiptId(), entry.kind().code(), entry.memo()))
        .compose(rows -> {
          long entryId = rows.iterator().next().getLong(0);
          List<Tuple> legs = entry.postings().stream().map(p -> Tuple.of(entryId, p.account(), p.amount(), entry.currency())).toList();
          return conn.preparedQuery("INSERT INTO posting (entry_id, account, amount, currency) VALUES ($1, $2, $3, $4)").executeBatch(legs)
              .map(x -> entryId);
        });
  }
}
