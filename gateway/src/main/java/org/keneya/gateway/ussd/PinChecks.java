package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.keneya.adapters.pg.PgPins;
import org.keneya.flows.collectors.Pins;
import org.keneya.flows.ussd.PinCheck;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a PIN typed on a USSD screen (a collector's, a health centre's): reserves the attempt
 * first ({@link PgPins}), so that entries sent at once cannot get more guesses than allowed and a
 * delayed entry is refused without being checked; checks the slow hash off the event loop; hashes
 * a correct PIN again when its stored hash is outdated. When wrong PINs start the delays the
 * administrators are told: an audit record, one WARN line, the metric, the collectors' report.
 */
public final class PinChecks {
  private static final Logger LOG = LoggerFactory.getLogger(PinChecks.class);

  private final Vertx vertx;
  private final PgPins pins;
  private final Metrics metrics;

  public PinChecks(Vertx vertx, PgPins pins, Metrics metrics) {
    this.vertx = vertx;
    this.pins = pins;
    this.metrics = metrics;
  }

  /**
   * @param kind "collector" or "centre", for the metric
   * @param subject whose PIN ({@link PgPins#collector}, {@link PgPins#centre})
   * @param upgrade saves a new hash in place of {@code storedHash} (which it names) when that one is outdated
   */
  public Future<PinCheck> check(String kind, String subject, String pin, String storedHash, Function<String, Future<Void>> upgrade) {
    return pins.reserve(subject).compose(reservation -> {
      if (reservation instanceof PgPins.Reservation.Refused refused) {
        metrics.pinCheck(kind, "delayed");
        return Future.succeededFuture(new PinCheck.Delayed(refused.until()));
      }
      PgPins.Reservation.Granted granted = (PgPins.Reservation.Granted) reservation;
      return vertx.executeBlocking(() -> Pins.matches(pin, storedHash), false).compose(matches -> {
        if (matches) {
          metrics.pinCheck(kind, "passed");
          return pins.passed(subject).onSuccess(x -> upgradeIfOutdated(subject, pin, storedHash, upgrade)).map(new PinCheck.Passed());
        }
        metrics.pinCheck(kind, "wrong");
        if (granted.delayedUntil() == null) return Future.succeededFuture(new PinCheck.Wrong(granted.failures(), PgPins.FREE_ATTEMPTS));
        return pins.delaysStarted(subject, granted.failures(), granted.delayedUntil()).map(first -> {
          if (first) {
            metrics.pinCheck(kind, "delays_started");
            LOG.warn("{} wrong PINs in a row for {}: its PIN entries are delayed from now on (until {}, longer after each wrong one);"
                + " see the audit log", granted.failures(), subject, granted.delayedUntil());
          }
          return new PinCheck.Delayed(granted.delayedUntil());
        });
      });
    });
  }

  /** Best effort: a hash left outdated is upgraded at the next correct entry. */
  private void upgradeIfOutdated(String subject, String pin, String storedHash, Function<String, Future<Void>> upgrade) {
    if (!Pins.outdated(storedHash)) return;
    vertx.executeBlocking(() -> Pins.hash(pin), false)
        .compose(upgrade)
        .onSuccess(x -> LOG.info("PIN hash of {} upgraded to {} iterations", subject, Pins.ITERATIONS))
        .onFailure(e -> LOG.warn("PIN hash of {} not upgraded: {}", subject, e.toString()));
  }

  /** A PIN screen refused because the hop came in a query string (freeflow GET); the input is neither read nor logged. */
  public void refusedOverGet(String kind, String subject) {
    metrics.ussdHop("pin_over_get");
    LOG.warn("PIN screen of {} refused: the hop came by GET, whose query string proxies log; the aggregator should POST", subject);
  }
}
