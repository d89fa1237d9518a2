package org.keneya.adapters.pg;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.accounts.Grant;
import org.keneya.flows.accounts.Principal;
import org.keneya.flows.accounts.Role;
import org.keneya.flows.accounts.Tokens;

/**
 * Accounts of people and systems, their role grants and credentials. Only hashes of secrets are
 * stored; a credential is found by its id (the public part of its token) in one indexed lookup
 * that also brings the account's grants. Every change is written to the audit log with who made it.
 */
public final class PgAccounts {
  private final Pool pool;

  public PgAccounts(Pool pool) {
    this.pool = pool;
  }

  public record Account(UUID id, String kind, String name, String login, boolean disabled, OffsetDateTime createdAt,
      List<Grant> grants, List<Key> credentials) {}

  /** A credential as listed: never its secret. */
  public record Key(String id, String kind, OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt) {}

  /** A credential found by its id, with the account it opens. */
  public record Credential(String id, String kind, byte[] secretHash, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
      boolean revoked, boolean disabled, Principal principal) {}

  /** A person's sign-in name, with what checks it. */
  public record Login(UUID accountId, String name, String passwordHash, boolean disabled) {}

  public static final class DuplicateLogin extends RuntimeException {
    public DuplicateLogin(String login) {
      super("the login " + login + " is taken");
    }
  }

  private static final String GRANTS = "(SELECT coalesce(json_agg(json_build_object('role', g.role, 'mutual', g.mutual, 'section', g.section,"
      + " 'healthCentre', g.health_centre, 'funder', g.funder) ORDER BY g.id), '[]'::json) FROM account_grant g WHERE g.account_id = a.id)";

  /** Creates an account with its grants; a person's {@code passwordHash} may be null (set later). */
  public Future<Account> create(String kind, String name, String login, String passwordHash, List<Grant> grants, Actor by) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO account (id, kind, name, login, password_hash, created_by)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
            .execute(Tuple.of(id, kind, name, login, passwordHash, by.accountId()))
            .compose(x -> {
              List<Tuple> rows = grants.stream().map(g -> Tuple.of(id, g.role().code(), g.mutual(), g.section(), g.healthCentre(), g.funder()))
                  .toList();
              return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("INSERT INTO account_grant (account_id, role, mutual,"
                  + " section, health_centre, funder) VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(rows).mapEmpty();
            })
            .compose(x -> audit(conn, by, "account.created", id, new JsonObject().put("kind", kind).put("name", name)
                .put("login", login).put("grants", grantsJson(grants)))))
        .compose(x -> find(id).map(Optional::orElseThrow))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new DuplicateLogin(login) : e));
  }

  /** A new API key of the account: its token is in the answer and nowhere else. */
  public Future<Tokens.Issued> issueApiKey(UUID accountId, Actor by) {
    Tokens.Issued issued = Tokens.issue();
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO account_credential (id, account_id, kind, secret_hash)"
            + " SELECT $1, id, 'api-key', $3 FROM account WHERE id = $2")
        .execute(Tuple.of(issued.id(), accountId, Buffer.buffer(issued.secretHash())))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture((Tokens.Issued) null)
            : audit(conn, by, "api_key.issued", accountId, new JsonObject().put("key", issued.id())).map(issued)));
  }

  /** A session of a person who signed in, valid until {@code expiresAt}. */
  public Future<Tokens.Issued> openSession(UUID accountId, OffsetDateTime now, OffsetDateTime expiresAt) {
    Tokens.Issued issued = Tokens.issue();
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO account_credential (id, account_id, kind, secret_hash, created_at,"
            + " expires_at, last_used_at) VALUES ($1, $2, 'session', $3, $4, $5, $4)")
        .execute(Tuple.of(issued.id(), accountId, Buffer.buffer(issued.secretHash()), now, expiresAt))
        .compose(x -> audit(conn, new Actor(accountId, null), "account.signed_in", accountId, new JsonObject().put("session", issued.id())))
        .map(issued));
  }

  public Future<Optional<Credential>> credential(String id) {
    return pool.preparedQuery("SELECT c.id, c.kind, c.secret_hash, c.expires_at, c.last_used_at, c.revoked_at, a.id AS account_id, a.name,"
            + " a.disabled_at, " + GRANTS + " AS grants FROM account_credential c JOIN account a ON a.id = c.account_id WHERE c.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          Principal principal = new Principal(r.getUUID("account_id"), r.getString("name"), grants(r.getValue("grants")));
          return Optional.of(new Credential(r.getString("id"), r.getString("kind"), r.getBuffer("secret_hash").getBytes(),
              r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("last_used_at"), r.getOffsetDateTime("revoked_at") != null,
              r.getOffsetDateTime("disabled_at") != null, principal));
        });
  }

  /** Records that a credential was just used (sessions expire after a while unused). */
  public Future<Void> touch(String credentialId, OffsetDateTime now) {
    return pool.preparedQuery("UPDATE account_credential SET last_used_at = $2 WHERE id = $1").execute(Tuple.of(credentialId, now)).mapEmpty();
  }

  public Future<Optional<Login>> login(String login) {
    return pool.preparedQuery("SELECT id, name, password_hash, disabled_at FROM account WHERE login = $1").execute(Tuple.of(login))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
            new Login(r.getUUID("id"), r.getString("name"), r.getString("password_hash"), r.getOffsetDateTime("disabled_at") != null)));
  }

  /** Sets a person's password and ends their open sessions; false when no person has this id. */
  public Future<Boolean> setPassword(UUID accountId, String passwordHash, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE account SET password_hash = $2 WHERE id = $1 AND kind = 'person'")
        .execute(Tuple.of(accountId, passwordHash))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery("UPDATE account_credential SET revoked_at = now() WHERE account_id = $1 AND kind = 'session'"
                    + " AND revoked_at IS NULL").execute(Tuple.of(accountId))
                .compose(x -> audit(conn, by, "account.password_set", accountId, new JsonObject())).map(true)));
  }

  /** Disables an account: none of its credentials opens anything from now on. False when unknown. */
  public Future<Boolean> disable(UUID accountId, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE account SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1")
        .execute(Tuple.of(accountId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : audit(conn, by, "account.disabled", accountId, new JsonObject()).map(true)));
  }

  /** Revokes one credential of the account; false when the account has no such credential. */
  public Future<Boolean> revoke(UUID accountId, String credentialId, Actor by) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE account_credential SET revoked_at = coalesce(revoked_at, now())"
            + " WHERE id = $2 AND account_id = $1").execute(Tuple.of(accountId, credentialId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : audit(conn, by, "credential.revoked", accountId, new JsonObject().put("key", credentialId)).map(true)));
  }

  public Future<Optional<Account>> find(UUID id) {
    return accounts("WHERE a.id = $1", Tuple.of(id)).map(list -> list.stream().findFirst());
  }

  public Future<List<Account>> list() {
    return accounts("", Tuple.tuple());
  }

  private Future<List<Account>> accounts(String where, Tuple parameters) {
    return pool.preparedQuery("SELECT a.id, a.kind, a.name, a.login, a.disabled_at, a.created_at, " + GRANTS + " AS grants,"
            + " (SELECT coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind, 'createdAt', c.created_at, 'expiresAt', c.expires_at,"
            + " 'lastUsedAt', c.last_used_at, 'revokedAt', c.revoked_at) ORDER BY c.created_at), '[]'::json)"
            + " FROM account_credential c WHERE c.account_id = a.id AND (c.kind = 'api-key' OR c.revoked_at IS NULL AND c.expires_at > now()))"
            + " AS credentials FROM account a " + where + " ORDER BY a.created_at, a.id")
        .execute(parameters)
        .map(rows -> {
          List<Account> list = new ArrayList<>();
          for (Row r : rows) {
            List<Key> keys = new ArrayList<>();
            for (Object o : json(r.getValue("credentials"))) {
              JsonObject k = (JsonObject) o;
              keys.add(new Key(k.getString("id"), k.getString("kind"), time(k, "createdAt"), time(k, "expiresAt"), time(k, "lastUsedAt"),
                  time(k, "revokedAt")));
            }
            list.add(new Account(r.getUUID("id"), r.getString("kind"), r.getString("name"), r.getString("login"),
                r.getOffsetDateTime("disabled_at") != null, r.getOffsetDateTime("created_at"), grants(r.getValue("grants")), keys));
          }
          return list;
        });
  }

  private static OffsetDateTime time(JsonObject o, String field) {
    String text = o.getString(field);
    return text == null ? null : OffsetDateTime.parse(text);
  }

  private static JsonArray json(Object value) {
    return value instanceof JsonArray a ? a : value == null ? new JsonArray() : new JsonArray(value.toString());
  }

  private static List<Grant> grants(Object value) {
    List<Grant> grants = new ArrayList<>();
    for (Object o : json(value)) {
      JsonObject g = (JsonObject) o;
      // A role this version does not know grants nothing.
      Role.of(g.getString("role")).ifPresent(role -> grants.add(new Grant(role, g.getString("mutual"), g.getString("section"),
          g.getString("healthCentre"), g.getString("funder"))));
    }
    return grants;
  }

  private static JsonArray grantsJson(List<Grant> grants) {
    JsonArray array = new JsonArray();
    grants.forEach(g -> array.add(new JsonObject().put("role", g.role().code()).put("mutual", g.mutual()).put("section", g.section())
        .put("healthCentre", g.healthCentre()).put("funder", g.funder())));
    return array;
  }

  private static Future<Void> audit(SqlConnection conn, Actor by, String action, UUID subject, JsonObject detail) {
    return AuditLog.record(conn, by, action, "account:" + subject, detail);
  }
}
