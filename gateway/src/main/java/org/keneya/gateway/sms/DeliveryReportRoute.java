package org.keneya.gateway.sms;

import org.keneya.gateway.PeerAnswers;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Set;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/dlr} (Africa's Talking form: {@code id}, {@code status}, {@code phoneNumber},
 * {@code failureReason}): what the network did with an SMS we sent, recorded on it. A message the
 * phone could not take for a passing reason (switched off, out of coverage) is sent again, at most
 * {@link #REDELIVERIES} times, {@link #REDELIVERY_DELAY_SECONDS} later; a refusal (blacklist, bad
 * number) is not. A report naming no message of ours changes nothing.
 */
public final class DeliveryReportRoute {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryReportRoute.class);
  /** How often an undelivered SMS is sent again. */
  static final int REDELIVERIES = 2;
  /** Long enough for a phone switched off in the fields to be back on. */
  static final int REDELIVERY_DELAY_SECONDS = 30 * 60;
  private static final Set<String> UNDELIVERED = Set.of("FAILED", "REJECTED");
  /** Reasons that may pass with time (Africa's Talking's failure reasons). */
  private static final Set<String> PASSING = Set.of("ABSENTSUBSCRIBER", "DELIVERYFAILURE", "UNKNOWNFAILURE", "SYSTEMFAILURE");

  /**
   * How often, and how long apart, a report naming no message is looked up again: an SMSC may send
   * a receipt before the gateway has written down the id its submit_sm answer gave.
   */
  private static final int LOOKUPS = 4;
  private static final long LOOKUP_DELAY_MILLIS = 500;

  private final io.vertx.core.Vertx vertx;
  private final PgOutbox outbox;
  private final Metrics metrics;

  public DeliveryReportRoute(io.vertx.core.Vertx vertx, PgOutbox outbox, Metrics metrics) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /** The route, callable only by the aggregators {@code guard} lets through for SMS. */
  public void addRoutes(Router router, org.keneya.gateway.edge.PeerGuard guard) {
    for (var route : guard.routes(router, "sms", io.vertx.core.http.HttpMethod.POST, "/sms/dlr")) {
      route.handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::report);
    }
  }

  private void report(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String id = form.get("id");
    String status = form.get("status");
    if (id == null || id.isBlank() || status == null || status.isBlank()) {
      PeerAnswers.outcome(ctx, 400, "bad_request", "expected form fields id and status");
      return;
    }
    String failure = form.get("failureReason");
    record(id.strip(), status, failure)
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("delivery report {} could not be recorded", id, result.cause());
            PeerAnswers.outcome(ctx, 500, "internal", "internal error; it has been logged");
          } else {
            PeerAnswers.outcome(ctx, 200, result.result(), "thank you");
          }
        });
  }

  /**
   * Records what the network said of the SMS the transport knows as {@code messageId} (from this
   * route or an SMPP delivery receipt), and sends it again when the policy says so; completes with
   * what was done.
   */
  public Future<String> record(String messageId, String status, String failure) {
    return record(messageId, status, failure, 1);
  }

  private Future<String> record(String messageId, String status, String failure, int lookup) {
    String normalized = status.strip().toUpperCase(Locale.ROOT);
    return outbox.recordDelivery(messageId, normalized, failure == null || failure.isBlank() ? null : failure.strip())
        .compose(found -> {
          if (found.isEmpty() && lookup < LOOKUPS) {
            return vertx.timer(LOOKUP_DELAY_MILLIS * lookup).compose(x -> record(messageId, status, failure, lookup + 1));
          }
          if (found.isEmpty()) {
            metrics.smsDelivery("unknown_message");
            return Future.succeededFuture("unknown_message");
          }
          metrics.smsDelivery(normalized.toLowerCase(Locale.ROOT));
          boolean passing = failure != null && PASSING.contains(failure.strip().toUpperCase(Locale.ROOT));
          if (!UNDELIVERED.contains(normalized) || !passing || found.get().redeliveries() >= REDELIVERIES) {
            if (UNDELIVERED.contains(normalized)) LOG.warn("sms outbox={} not delivered: {} {}", found.get().id(), normalized, failure);
            return Future.succeededFuture("recorded");
          }
          return outbox.redeliver(found.get(), REDELIVERY_DELAY_SECONDS).map(queued -> {
            if (queued) metrics.smsDelivery("redelivery_queued");
            return queued ? "redelivery_queued" : "recorded";
          });
        });
  }

}
