package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import org.keneya.adapters.pg.PgPins;
import org.keneya.flows.collectors.Pins;
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
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  /** What became of a PIN entry. */
  public sealed interface Outcome {
    record Passed() implements Outcome {}

    /** Wrong, {@code failures} in a row; another try is allowed at once. */
    record Wrong(int failures) implements Outcome {}

    /** Wrong, or refused unchecked: no entry is checked before {@code until}. */
    record Delayed(OffsetDateTime until) implements Outcome {}
  }

  private final Vertx vertx;
  private final PgPins pins;
  private final Metrics metrics;
  private final Clock clock;

  public PinChecks(Vertx vertx, PgPins pins, Metrics metrics, Clock clock) {
    this.vertx = vertx;
    this.pins = pins;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @param kind "collector" or "centre", for the metric
   * @param subject whose PIN ({@link PgPins#collector}, {@link PgPins#centre})
   * @param upgrade saves a new hash in place of {@code storedHash} (which it names) when that one is outdated
   */
  public Future<Outcome> check(String kind, String subject, String pin, String storedHash, Function<String, Future<Void>> upgrade) {
    return pins.reserve(subject).compose(reservation -> {
      if (reservation instanceof PgPins.Reservation.Refused refused) {
        metrics.pinCheck(kind, "delayed");
        return Future.succeededFuture(new Outcome.Delayed(refused.until()));
      }
      PgPins.Reservation.Granted granted = (PgPins.Reservation.Granted) reservation;
      return vertx.executeBlocking(() -> Pins.matches(pin, storedHash), false).compose(matches -> {
        if (matches) {
          metrics.pinCheck(kind, "passed");
          return pins.passed(subject).onSuccess(x -> upgradeIfOutdated(subject, pin, storedHash, upgrade)).map(new Outcome.Passed());
        }
        metrics.pinCheck(kind, "wrong");
        if (granted.delayedUntil() == null) return Future.succeededFuture(new Outcome.Wrong(granted.failures()));
        return pins.delaysStarted(subject, granted.failures(), granted.delayedUntil()).map(first -> {
          if (first) {
            metrics.pinCheck(kind, "delays_started");
            LOG.warn("{} wrong PINs in a row for {}: its PIN entries are delayed from now on (until {}, longer after each wrong one);"
                + " see the audit log", granted.failures(), subject, granted.delayedUntil());
          }
          return new Outcome.Delayed(granted.delayedUntil());
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

  /** When a delay ends, as the caller reads the time. */
  public String time(OffsetDateTime until) {
    return HOUR.format(until.atZoneSameInstant(clock.getZone()));
  }
}
