package org.keneya.gateway.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.keneya.adapters.ledger.ExternalLedgerClient;
import org.keneya.adapters.pg.Outbox;
import org.keneya.adapters.pg.PgLedgerOutbox;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the journal entries that committed bookings left in the outbox (topic {@code ledger}) to
 * each mutual's external ledger. A post whose answer was lost (a crash, a timeout after the
 * receiver recorded it) is sent again with the same Idempotency-Key, so the receiver keeps one copy:
 * delivered at least once, recorded once. Refusals are marked failed at once; other failures are
 * retried with growing delays, then marked failed. Entries not posted long after booking are
 * counted as stuck for the operator.
 *
 * <p>Meters: {@code keneya_ledger_posts_total{mutual,outcome}} (outcome: posted, already_posted,
 * retry, failed, no_ledger) and, per mutual, {@code keneya_ledger_stuck_entries} and
 * {@code keneya_ledger_stuck_oldest_seconds}, refreshed by {@link #refreshStuck()}.
 */
public final class LedgerOutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerOutboxWorker.class);
  /** With delays doubling from 30 s up to an hour: some 18 hours of the receiver being down before an entry is given up. */
  static final int MAX_ATTEMPTS = 24;
  static final int MAX_DELAY_SECONDS = 3600;
  /** A mutual whose ledger was removed from the configuration: its entries wait, looked at again hourly, until it returns. */
  static final int NO_LEDGER_DELAY_SECONDS = 3600;

  private final PgOutbox outbox;
  private final PgLedgerOutbox ledgerOutbox;
  private final Map<String, ExternalLedgerClient> clients;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> stuckEntries = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> stuckOldestSeconds = new ConcurrentHashMap<>();
  private final int longestTimeoutSeconds;

  /** @param clients each mutual's external ledger, by mutual id; mutuals without one are not posted for */
  public LedgerOutboxWorker(PgOutbox outbox, PgLedgerOutbox ledgerOutbox, Map<String, ExternalLedgerClient> clients, MeterRegistry registry) {
    this.outbox = outbox;
    this.ledgerOutbox = ledgerOutbox;
    this.clients = Map.copyOf(clients);
    this.registry = registry;
    this.longestTimeoutSeconds = clients.values().stream().mapToInt(c -> (c.timeoutMillis() + 999) / 1000).max().orElse(1);
    for (String mutual : this.clients.keySet()) {
      // Registered up front, so the series exist (at 0) before anything is ever stuck and alerts can rely on them.
      Gauge.builder("keneya_ledger_stuck_entries", stuckEntries.computeIfAbsent(mutual, m -> new AtomicLong()), AtomicLong::get)
          .description("Journal entries not posted to the external ledger beyond the mutual's stuckAfterMinutes")
          .tag("mutual", mutual).register(registry);
      Gauge.builder("keneya_ledger_stuck_oldest_seconds", stuckOldestSeconds.computeIfAbsent(mutual, m -> new AtomicLong()), AtomicLong::get)
          .description("Age of the oldest stuck journal entry, 0 when none")
          .tag("mutual", mutual).register(registry);
    }
  }

  /** Posts what is due, one entry after another; completes with how many entries were handled. */
  public Future<Integer> postDue(int batch) {
    // Posts go one after another, so the lease must outlast the whole round, or another instance would claim its tail mid-round.
    int leaseSeconds = batch * (longestTimeoutSeconds + 1) + 60;
    return outbox.claimDue(PgLedgerOutbox.TOPIC, batch, leaseSeconds).compose(claimed -> {
      // UPDATE ... RETURNING gives no order; booking order keeps a receipt ahead of its reversal in the receiver's books.
      List<PgOutbox.Item> items = claimed.stream().sorted(Comparator.comparingLong(PgOutbox.Item::id)).toList();
      Future<Void> chain = Future.succeededFuture();
      for (PgOutbox.Item item : items) {
        chain = chain.compose(x -> post(item));
      }
      return chain.map(x -> items.size());
    });
  }

  private Future<Void> post(PgOutbox.Item item) {
    String mutual = java.util.Objects.requireNonNullElse(Outbox.ledgerMutual(item.payload()), "unknown");
    OutboxMessage.LedgerEntry entry;
    try {
      entry = (OutboxMessage.LedgerEntry) item.message();
    } catch (IllegalArgumentException e) {
      count(mutual, "failed");
      LOG.error("ledger entry unreadable, given up outbox={} mutual={}: {}", item.id(), mutual, e.getMessage());
      return outbox.failed(item.id(), "unreadable payload: " + e.getMessage());
    }
    ExternalLedgerClient client = clients.get(mutual);
    if (client == null) {
      count(mutual, "no_ledger");
      LOG.warn("ledger entry waits outbox={} mutual={} entry={}: the mutual has no external ledger configured", item.id(), mutual, entry.entryId());
      return outbox.retryLater(item.id(), "no external ledger configured for mutual " + mutual, NO_LEDGER_DELAY_SECONDS);
    }
    String key = entry.idempotencyKey();
    return client.post(entry)
        .compose(posted -> {
          count(mutual, posted.alreadyRecorded() ? "already_posted" : "posted");
          LOG.info("ledger entry posted outbox={} mutual={} entry={} key={} status={} reference={}", item.id(), mutual, entry.entryId(), key,
              posted.status(), posted.reference());
          return outbox.done(item.id(), posted.status() + (posted.reference() == null ? "" : " " + posted.reference()));
        })
        .recover(e -> {
          boolean permanent = e instanceof RemoteFailure refused && refused.permanent();
          if (permanent || item.attempts() >= MAX_ATTEMPTS) {
            count(mutual, "failed");
            LOG.error("ledger entry given up outbox={} mutual={} entry={} key={} after {} attempt(s): {}", item.id(), mutual, entry.entryId(),
                key, item.attempts(), e.getMessage());
            return outbox.failed(item.id(), String.valueOf(e.getMessage()));
          }
          count(mutual, "retry");
          int delay = delaySeconds(item.attempts());
          LOG.warn("ledger entry not posted outbox={} mutual={} entry={} key={} attempt={} retry in {}s: {}", item.id(), mutual, entry.entryId(),
              key, item.attempts(), delay, e.getMessage());
          return outbox.retryLater(item.id(), String.valueOf(e.getMessage()), delay);
        });
  }

  /** 30 s after the first attempt, doubling, at most an hour. */
  private static final Backoff RETRY = Backoff.doubling(30, MAX_DELAY_SECONDS);

  static int delaySeconds(int attempts) {
    return (int) RETRY.delay(Math.max(attempts - 1, 0));
  }

  /**
   * Counts, per mutual with an external ledger, the entries not posted beyond its
   * {@code stuckAfterMinutes}, updates the gauges and warns about any; completes with the counts.
   */
  public Future<Map<String, PgLedgerOutbox.Stuck>> refreshStuck() {
    List<String> mutuals = new ArrayList<>(clients.keySet());
    List<Future<PgLedgerOutbox.Stuck>> checks = new ArrayList<>();
    for (String mutual : mutuals) checks.add(ledgerOutbox.stuck(mutual, clients.get(mutual).stuckAfter()));
    return Future.all(checks).map(all -> {
      Map<String, PgLedgerOutbox.Stuck> result = new LinkedHashMap<>();
      for (int i = 0; i < mutuals.size(); i++) {
        String mutual = mutuals.get(i);
        PgLedgerOutbox.Stuck stuck = checks.get(i).result();
        result.put(mutual, stuck);
        stuckEntries.get(mutual).set(stuck.count());
        stuckOldestSeconds.get(mutual).set(stuck.oldestAge().toSeconds());
        if (stuck.count() > 0) {
          LOG.warn("{} journal entr{} of mutual {} not posted to its external ledger after {} min, the oldest booked {} min ago",
              stuck.count(), stuck.count() == 1 ? "y" : "ies", mutual, clients.get(mutual).stuckAfter().toMinutes(), stuck.oldestAge().toMinutes());
        }
      }
      return result;
    });
  }

  private void count(String mutual, String outcome) {
    // Named without _total: the Prometheus registry adds it to counters, giving keneya_ledger_posts_total.
    counters.computeIfAbsent(mutual + "/" + outcome, k -> Counter.builder("keneya_ledger_posts")
        .description("Journal entries posted to external ledgers, by outcome")
        .tags("mutual", mutual, "outcome", outcome).register(registry)).increment();
  }
}
