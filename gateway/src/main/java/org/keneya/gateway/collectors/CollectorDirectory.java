package org.keneya.gateway.collectors;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keneya.adapters.pg.PgCollectors;

/**
 * Which numbers are collectors', kept in memory so that a member's hop costs no extra query:
 * refreshed from the database every half minute (collectors registered on another instance are
 * known here within it) and at once for those registered here.
 */
public final class CollectorDirectory {
  private final PgCollectors collectors;
  private volatile Set<String> msisdns = ConcurrentHashMap.newKeySet();

  public CollectorDirectory(PgCollectors collectors) {
    this.collectors = collectors;
  }

  public Future<Void> refresh() {
    return collectors.msisdns().map(all -> {
      Set<String> fresh = ConcurrentHashMap.newKeySet();
      fresh.addAll(all);
      msisdns = fresh;
      return null;
    });
  }

  public void add(String msisdn) {
    msisdns.add(msisdn);
  }

  public boolean isCollector(String msisdn) {
    return msisdns.contains(msisdn);
  }
}
