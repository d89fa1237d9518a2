package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.keneya.flows.audit.AuditRecord;

/**
 * Writes the audit log: who ({@link Actor}) did what ({@code action}, e.g. {@code receipt.reversed})
 * to what ({@code subject}, e.g. {@code receipt:MOP-R0000001}), with the details. Written on the
 * caller's connection, so that a record commits with the change it records, or not at all.
 */
public final class AuditLog {
  private AuditLog() {}

  /** Records {@code action}; an actor known only by its account is recorded under the account's name. */
  public static Future<Void> record(SqlClient conn, Actor actor, String action, String subject, JsonObject detail) {
    return conn.preparedQuery("INSERT INTO audit_log (actor, account_id, action, subject, detail)"
            + " VALUES (coalesce($1, (SELECT name FROM account WHERE id = $2)), $2, $3, $4, $5)")
        .execute(Tuple.of(actor.name(), actor.accountId(), action, subject, detail))
        .mapEmpty();
  }

  /** Records what {@code record} says {@code actor} did. */
  public static Future<Void> record(SqlClient conn, Actor actor, AuditRecord record) {
    return record(conn, actor, record.action(), record.subject(), new JsonObject(record.detail()));
  }
}
