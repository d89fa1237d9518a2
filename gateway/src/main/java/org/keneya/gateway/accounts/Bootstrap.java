package org.keneya.gateway.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgAccounts;
import org.keneya.flows.accounts.Grant;

/** The first administrator of a deployment: created from the command line, never from a default password. */
public final class Bootstrap {
  /** A new administrator and the API key that opens the API to them, shown once. */
  public record Administrator(UUID accountId, String name, String apiKey) {}

  private Bootstrap() {}

  public static Future<Administrator> createAdministrator(Pool pool, String name, String by) {
    PgAccounts accounts = new PgAccounts(pool);
    Actor actor = Actor.system(by);
    return accounts.create("person", name, null, null, List.of(Grant.administrator()), actor)
        .compose(account -> accounts.issueApiKey(account.id(), actor).map(key -> new Administrator(account.id(), name, key.token())));
  }
}
