package org.keneya.gateway.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.flows.messages.SmsLength;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.SmsSender;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the SMS that committed transactions left in the outbox. An SMS whose sending was
 * interrupted by a crash is sent again after its lease (at least once; the receipt itself is never
 * created twice). Refusals that cannot succeed are marked failed; others are retried with backoff.
 */
public final class OutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  static final int MAX_ATTEMPTS = 8;

  private final PgOutbox outbox;
  private final SmsSender sms;
  private final Metrics metrics;
  private final ThroughputLimit limit;

  /**
   * @param maxPerSecond the most SMS handed to the transport in any second (the aggregator's or
   *     SMSC's throughput contract); what is over waits in the outbox, where a restart loses nothing
   */
  public OutboxWorker(PgOutbox outbox, SmsSender sms, Metrics metrics, int maxPerSecond, java.time.Clock clock) {
    this.outbox = outbox;
    this.sms = sms;
    this.metrics = metrics;
    this.limit = new ThroughputLimit(maxPerSecond, clock);
  }

  /** Sends what is due; completes with how many items were handled. */
  public Future<Integer> sendDue(int batch) {
    int allowed = limit.take(batch);
    if (allowed == 0) return Future.succeededFuture(0);
    return outbox.claimDue("sms", allowed, 120).compose(items -> {
      Future<Void> chain = Future.succeededFuture();
      for (PgOutbox.Item item : items) {
        chain = chain.compose(x -> send(item));
      }
      return chain.map(x -> items.size());
    });
  }

  private Future<Void> send(PgOutbox.Item item) {
    JsonObject payload = item.payload();
    Msisdn to = new Msisdn(payload.getString("to"));
    return Future.fromCompletionStage(sms.send(to, payload.getString("message")))
        .compose(messageId -> {
          metrics.sms("sent");
          String message = payload.getString("message");
          int parts = SmsLength.parts(message);
          metrics.smsParts(SmsLength.isGsm7(message) ? "gsm7" : "ucs2", parts);
          LOG.info("sms sent outbox={} to={} messageId={} parts={}", item.id(), to.masked(), messageId, parts);
          return outbox.done(item.id(), messageId);
        })
        .recover(e -> {
          boolean permanent = e instanceof RemoteFailure rejected && rejected.permanent();
          if (permanent || item.attempts() >= MAX_ATTEMPTS) {
            metrics.sms("failed");
            LOG.error("sms given up outbox={} to={} after {} attempts: {}", item.id(), to.masked(), item.attempts(), e.getMessage());
            return outbox.failed(item.id(), e.getMessage());
          }
          metrics.sms("retry");
          int delay = (int) Math.min(3600, 15L << Math.min(item.attempts(), 10));
          LOG.warn("sms not sent outbox={} to={} attempt={} retry in {}s: {}", item.id(), to.masked(), item.attempts(), delay, e.toString());
          return outbox.retryLater(item.id(), String.valueOf(e.getMessage()), delay);
        });
  }
}
