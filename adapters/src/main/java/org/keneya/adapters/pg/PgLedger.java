package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads a mutual's journal: balances of its accounts. */
public final class PgLedger {
  private final Pool pool;

  public PgLedger(Pool pool) {
    this.pool = pool;
  }

  /** An account's debits, credits and balance (debits positive) over the entries up to a day. */
  public record Balance(String account, String currency, long debits, long credits, long balance, long entries) {}

  /** Balances of every account of {@code mutualId} from the entries made up to the end of {@code asOf} (UTC). */
  public Future<List<Balance>> balances(String mutualId, LocalDate asOf) {
    return pool.preparedQuery("""
        SELECT p.account, p.currency,
               coalesce(sum(p.amount) FILTER (WHERE p.amount > 0), 0) AS debits,
               coalesce(-sum(p.amount) FILTER (WHERE p.amount < 0), 0) AS credits,
               sum(p.amount) AS balance, count(DISTINCT j.id) AS entries
          FROM posting p JOIN journal_entry j ON j.id = p.entry_id
         WHERE j.mutual_id = $1 AND j.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY p.account, p.currency ORDER BY p.account""")
        .execute(Tuple.of(mutualId, asOf))
        .map(rows -> {
          List<Balance> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Balance(r.getString("account"), r.getString("currency"), r.getLong("debits"), r.getLong("credits"),
                r.getLong("balance"), r.getLong("entries")));
          }
          return list;
        });
  }
}
