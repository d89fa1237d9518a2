package org.keneya.gateway.payments;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.adapters.pg.Confirmation;
import org.keneya.adapters.pg.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.KeneyaConfig.PaymentsConfig;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ports.PaymentProvider.PaymentStatus;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a wallet payment: recorded first, then asked of the wallet without anyone waiting on
 * it, then resolved exactly once, by a verified callback or by our own status checks. A payment
 * whose request timed out is not taken as failed: its status is checked, and the request repeated
 * (same reference id, so never collected twice) if the wallet never got it.
 */
public final class PaymentService {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);

  private final PgPayments payments;
  private final PaymentProvider provider;
  private final PaymentsConfig config;
  private final Clock clock;
  private final Metrics metrics;
  private final Runnable onBooked;

  public PaymentService(PgPayments payments, PaymentProvider provider, PaymentsConfig config, Clock clock, Metrics metrics, Runnable onBooked) {
    this.payments = payments;
    this.provider = provider;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.onBooked = onBooked;
  }

  public String providerName() {
    return provider.name();
  }

  /** Records a payment to ask for; idempotent on {@code channelRef}. The wallet is not called here. */
  public Future<PaymentIntent> record(UUID householdId, List<UUID> beneficiaries, Msisdn payer, ContributionQuote quote,
      String language, String channelRef) {
    return payments.createIntent(householdId, beneficiaries, provider.name(), payer.e164(), quote, language, channelRef,
        clock.instant().plusSeconds(config.pollAfterSeconds()));
  }

  /** Asks the wallet for a recorded payment. Never fails: what goes wrong is logged and left to the status checks. */
  public Future<Void> request(PaymentIntent intent) {
    Msisdn payer = new Msisdn(intent.payerMsisdn());
    return Future.fromCompletionStage(provider.requestPayment(intent.id().toString(), payer, intent.amount(), intent.id().toString(),
            "Cotisation mutuelle de sante"))
        .compose(x -> payments.markRequested(intent.id()))
        .onSuccess(x -> {
          metrics.payment(provider.name(), "requested");
          LOG.info("payment requested reference={} amount={} payer={}", intent.id(), intent.amount(), payer.masked());
        })
        .recover(e -> {
          metrics.payment(provider.name(), "request_failed");
          if (e instanceof RemoteFailure failed && failed.permanent()) {
            LOG.warn("payment refused by {} reference={} reason={}", provider.name(), intent.id(), e.getMessage());
            return payments.markFailed(intent.id(), abbreviate(e.getMessage())).mapEmpty();
          }
          LOG.warn("payment request unanswered reference={} ({}); its status will be checked", intent.id(), e.toString());
          return Future.succeededFuture();
        });
  }

  /**
   * A provider said something happened to {@code referenceId}. Nothing in the callback itself is
   * believed: the status is asked of the provider, and that answer is applied.
   */
  public Future<CallbackOutcome> verifyCallback(UUID referenceId) {
    return payments.find(referenceId).compose(found -> {
      if (found.isEmpty()) {
        metrics.callback(provider.name(), "unknown_payment");
        return Future.succeededFuture(CallbackOutcome.UNKNOWN_PAYMENT);
      }
      return Future.fromCompletionStage(provider.status(referenceId.toString()))
          .compose(status -> apply(found.get(), status))
          .map(x -> {
            metrics.callback(provider.name(), "verified");
            return CallbackOutcome.APPLIED;
          })
          .recover(e -> {
            metrics.callback(provider.name(), "verification_failed");
            LOG.warn("callback for {} could not be verified: {}", referenceId, e.toString());
            return Future.succeededFuture(CallbackOutcome.UNVERIFIED);
          });
    });
  }

  public enum CallbackOutcome { APPLIED, UNKNOWN_PAYMENT, UNVERIFIED }

  /** Checks due open payments (claimed so that no other instance checks them at the same time). */
  public Future<Integer> checkDuePayments(int batch) {
    return payments.claimDue(batch, 120).compose(due -> {
      Future<Void> chain = Future.succeededFuture();
      for (PaymentIntent intent : due) {
        chain = chain.compose(x -> check(intent).recover(e -> {
          LOG.warn("status check of {} failed: {}", intent.id(), e.toString());
          return payments.scheduleCheck(intent.id(), nextCheck(intent));
        }));
      }
      return chain.map(x -> due.size());
    });
  }

  private Future<Void> check(PaymentIntent intent) {
    if (Duration.between(intent.createdAt(), clock.instant()).toMinutes() >= config.expireAfterMinutes()) {
      return payments.markExpired(intent.id()).onSuccess(changed -> {
        if (changed) {
          metrics.payment(provider.name(), "expired");
          LOG.warn("payment {} expired after {} minutes without an answer", intent.id(), config.expireAfterMinutes());
        }
      }).mapEmpty();
    }
    return Future.fromCompletionStage(provider.status(intent.id().toString())).compose(status -> {
      if (status instanceof PaymentStatus.Unknown && intent.status().equals("INITIATING")) {
        // The request never reached the wallet: ask again, under the same reference id.
        return request(intent)
            .compose(x -> payments.scheduleCheck(intent.id(), nextCheck(intent)));
      }
      return apply(intent, status);
    });
  }

  private Future<Void> apply(PaymentIntent intent, PaymentStatus status) {
    if (status instanceof PaymentStatus.Successful ok) {
      return payments.confirm(intent.id(), ok.providerTransactionId(), ok.amount(), LocalDate.now(clock))
          .onSuccess(this::recordConfirmation)
          .mapEmpty();
    }
    if (status instanceof PaymentStatus.Failed failed) {
      return payments.markFailed(intent.id(), abbreviate(failed.reason())).onSuccess(changed -> {
        if (changed) {
          metrics.payment(provider.name(), "failed");
          LOG.info("payment {} failed: {}", intent.id(), failed.reason());
        }
      }).mapEmpty();
    }
    return payments.scheduleCheck(intent.id(), nextCheck(intent));
  }

  private void recordConfirmation(Confirmation confirmation) {
    if (confirmation instanceof Confirmation.Booked booked) {
      metrics.payment(provider.name(), "confirmed");
      LOG.info("payment booked receipt={} amount={}", booked.receiptNumber(), booked.amount());
      onBooked.run();
    } else if (confirmation instanceof Confirmation.AlreadyBooked) {
      metrics.payment(provider.name(), "already_confirmed");
    } else if (confirmation instanceof Confirmation.HeldForReview review) {
      metrics.payment(provider.name(), "review");
      LOG.error("payment held for review: {}", review.reason());
    }
  }

  /** Checks back off: the configured interval, doubling with each check, at most ten times it. */
  private Instant nextCheck(PaymentIntent intent) {
    long factor = 1L << Math.min(intent.checks(), 10);
    long seconds = Math.min((long) config.pollIntervalSeconds() * factor, config.pollIntervalSeconds() * 10L);
    return clock.instant().plusSeconds(seconds);
  }

  private static String abbreviate(String s) {
    if (s == null) return "unknown";
    return s.length() > 300 ? s.substring(0, 300) : s;
  }
}
