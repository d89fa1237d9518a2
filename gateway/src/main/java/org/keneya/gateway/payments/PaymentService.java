package org.keneya.gateway.payments;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.adapters.resilience.ResilientProvider;
import org.keneya.config.KeneyaConfig.PaymentsConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider.Callback;
import org.keneya.flows.ports.PaymentProvider.CallbackVerdict;
import org.keneya.flows.ports.PaymentProvider.PaymentOrder;
import org.keneya.flows.ports.PaymentProvider.PaymentReference;
import org.keneya.flows.ports.PaymentProvider.PaymentStatus;
import org.keneya.flows.ports.PaymentProvider.Requested;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.retry.Backoff;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a wallet payment: recorded first, then asked of the member's wallet without anyone
 * waiting on it, then resolved exactly once, by a verified callback or by our own status checks. A
 * payment whose request timed out is not taken as failed: its status is checked, and the request
 * repeated only if the wallet never got it.
 */
public final class PaymentService {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  /** How long a claimed status check is leased to this instance before another may take it. */
  private static final int CHECK_LEASE_SECONDS = 120;

  private final PaymentStore payments;
  private final Wallets wallets;
  private final OutboxStore outbox;
  private final Messages messages;
  private final PaymentsConfig config;
  private final Clock clock;
  private final Metrics metrics;
  private final Runnable onBooked;

  public PaymentService(PaymentStore payments, Wallets wallets, OutboxStore outbox, Messages messages, PaymentsConfig config, Clock clock,
      Metrics metrics, Runnable onBooked) {
    this.payments = payments;
    this.wallets = wallets;
    this.outbox = outbox;
    this.messages = messages;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.onBooked = onBooked;
  }

  /** Records a payment to ask of {@code wallet}; idempotent on {@code channelRef}. The wallet is not called here. */
  public Future<PaymentIntent> record(UUID householdId, List<UUID> beneficiaries, String wallet, Msisdn payer, ContributionQuote quote,
      String language, String channelRef) {
    return payments.createIntent(householdId, beneficiaries, wallet, payer.e164(), quote, language, channelRef,
        clock.instant().plusSeconds(config.pollAfterSeconds()));
  }

  /** Asks the wallet for a recorded payment. Never fails: what goes wrong is logged and left to the status checks. */
  public Future<Void> request(PaymentIntent intent) {
    Optional<ResilientProvider> found = wallets.provider(intent.provider());
    if (found.isEmpty()) return noSuchWallet(intent);
    ResilientProvider provider = found.get();
    Msisdn payer = new Msisdn(intent.payerMsisdn());
    PaymentOrder order = new PaymentOrder(intent.id().toString(), payer, intent.amount(), description(intent.language()));
    metrics.payment(provider.name(), "initiated");
    return Future.fromCompletionStage(provider.requestPayment(order))
        .compose(requested -> payments.markRequested(intent.id(), requested.providerReference())
            .compose(x -> sendLink(intent, provider.name(), requested)))
        .onSuccess(x -> {
          metrics.payment(provider.name(), "requested");
          LOG.info("payment requested wallet={} reference={} amount={} payer={}", provider.name(), intent.id(), intent.amount(), payer.masked());
        })
        .recover(e -> {
          metrics.paymentFailure(provider.name(), "request", reason(e));
          if (e instanceof RemoteFailure failed && failed.permanent()) {
            LOG.warn("payment refused by {} reference={} reason={}", provider.name(), intent.id(), e.getMessage());
            return payments.markFailed(intent.id(), abbreviate(e.getMessage())).mapEmpty();
          }
          LOG.warn("payment request to {} unanswered reference={} ({}); its status will be checked", provider.name(), intent.id(), e.toString());
          // Part of the request got through (a push may be on the member's phone): follow it, never push again.
          if (e instanceof RemoteFailure failed && failed.providerReference() != null) {
            return payments.rememberProviderReference(intent.id(), failed.providerReference());
          }
          return Future.succeededFuture();
        });
  }

  /** What the member's wallet shows of the payment: plain ASCII, as not every wallet API takes accents. */
  private String description(String language) {
    String text = java.text.Normalizer.normalize(messages.gsm7(language, messages.text(language, "wallet.description")),
        java.text.Normalizer.Form.NFD);
    return text.replaceAll("\\p{M}", "").replaceAll("[^\\x20-\\x7E]", "");
  }

  /** Wallets that have the member pay from a link: the link goes out by SMS, once per payment. */
  private Future<Void> sendLink(PaymentIntent intent, String wallet, Requested requested) {
    if (requested.launchUrl() == null) return Future.succeededFuture();
    String text = messages.text(intent.language(), "sms.paymentLink",
        Map.of("amount", intent.amount().format(), "wallet", wallets.name(wallet), "url", requested.launchUrl()));
    return outbox.enqueueSms("payment-link:" + intent.id(), intent.payerMsisdn(), messages.gsm7(intent.language(), text)).mapEmpty();
  }

  private Future<Void> noSuchWallet(PaymentIntent intent) {
    // A wallet removed from the configuration while payments to it were open: they are left for review by hand.
    LOG.error("payment {} is for wallet '{}', which is not configured; it stays open", intent.id(), intent.provider());
    return Future.succeededFuture();
  }

  /** What became of a provider's notification, and so what we answer it. */
  public enum CallbackOutcome {
    APPLIED(200), DUPLICATE(200), IGNORED(200), FORGED(401), MALFORMED(400), UNKNOWN_PAYMENT(404), UNKNOWN_WALLET(404), UNVERIFIED(503);

    public final int httpStatus;

    CallbackOutcome(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  /**
   * A notification from {@code wallet}. It is believed only once verified: signed or secret-checked
   * by the adapter, else confirmed by asking the provider the payment's status. The same event
   * twice, or events in any order, book a payment at most once.
   */
  public Future<CallbackOutcome> callback(String wallet, Callback callback) {
    Optional<ResilientProvider> found = wallets.provider(wallet);
    if (found.isEmpty()) return Future.succeededFuture(CallbackOutcome.UNKNOWN_WALLET);
    ResilientProvider provider = found.get();
    CallbackVerdict verdict = provider.readCallback(callback);
    if (verdict instanceof CallbackVerdict.Rejected rejected) {
      metrics.callback(wallet, rejected.forged() ? "forged" : "malformed");
      LOG.warn("callback to {} rejected ({}): {}", wallet, rejected.forged() ? "forged or unverifiable" : "unreadable", rejected.reason());
      return Future.succeededFuture(rejected.forged() ? CallbackOutcome.FORGED : CallbackOutcome.MALFORMED);
    }
    if (verdict instanceof CallbackVerdict.Ignored ignored) {
      metrics.callback(wallet, "ignored");
      LOG.info("callback to {} ignored: {}", wallet, ignored.reason());
      return Future.succeededFuture(CallbackOutcome.IGNORED);
    }
    CallbackVerdict.Claim claim = (CallbackVerdict.Claim) verdict;
    Future<Boolean> seen = claim.eventId() == null ? Future.succeededFuture(false) : payments.eventSeen(wallet, claim.eventId());
    return seen.compose(duplicate -> {
      if (duplicate) {
        metrics.callback(wallet, "duplicate");
        return Future.succeededFuture(CallbackOutcome.DUPLICATE);
      }
      return intentOf(wallet, claim).compose(intent -> {
        if (intent.isEmpty()) {
          metrics.callback(wallet, "unknown_payment");
          LOG.warn("callback to {} names no payment of ours (reference={}, provider reference={})", wallet, claim.referenceId(),
              claim.providerReference());
          return Future.succeededFuture(CallbackOutcome.UNKNOWN_PAYMENT);
        }
        return verifyAndApply(provider, intent.get(), claim)
            .map(CallbackOutcome.APPLIED)
            .recover(e -> {
              metrics.callback(wallet, "verification_failed");
              LOG.warn("callback to {} for {} could not be verified: {}", wallet, intent.get().id(), e.toString());
              return Future.succeededFuture(CallbackOutcome.UNVERIFIED);
            });
      });
    });
  }

  private Future<Optional<PaymentIntent>> intentOf(String wallet, CallbackVerdict.Claim claim) {
    Future<Optional<PaymentIntent>> byOurs = Future.succeededFuture(Optional.empty());
    if (claim.referenceId() != null) {
      try {
        byOurs = payments.find(UUID.fromString(claim.referenceId()));
      } catch (IllegalArgumentException notOurs) {
        // Not a reference we issue; the provider's own reference may still name the payment.
      }
    }
    return byOurs.compose(found -> found.isPresent() || claim.providerReference() == null ? Future.succeededFuture(found)
            : payments.findByProviderReference(wallet, claim.providerReference()))
        // A notification to one wallet's address never resolves another wallet's payment.
        .map(found -> found.filter(intent -> intent.provider().equals(wallet)));
  }

  /** The payment's status as verified (the signed claim, or the provider's answer), once applied. */
  private Future<PaymentStatus> verifyAndApply(ResilientProvider provider, PaymentIntent intent, CallbackVerdict.Claim claim) {
    String providerReference = intent.providerReference() != null ? intent.providerReference() : claim.providerReference();
    Future<PaymentStatus> status = claim.authenticated() && claim.status() != null
        ? Future.succeededFuture(claim.status())
        : Future.fromCompletionStage(provider.status(new PaymentReference(intent.id().toString(), providerReference)));
    return status.compose(verified -> {
      // The provider's id learnt from the notification is kept only once the provider has vouched for it.
      Future<Void> remembered = intent.providerReference() == null && claim.providerReference() != null
          ? payments.rememberProviderReference(intent.id(), claim.providerReference()) : Future.succeededFuture();
      return remembered.compose(x -> apply(provider.name(), intent, verified, claim.eventId())).map(verified);
    }).onSuccess(x -> metrics.callback(provider.name(), "verified"));
  }

  /** Checks due open payments (claimed so that no other instance checks them at the same time). */
  public Future<Integer> checkDuePayments(int batch) {
    return payments.claimDue(batch, CHECK_LEASE_SECONDS).compose(due -> {
      Future<Void> chain = Future.succeededFuture();
      for (PaymentIntent intent : due) {
        chain = chain.compose(x -> check(intent).recover(e -> {
          metrics.paymentFailure(intent.provider(), "status", reason(e));
          LOG.warn("status check of {} with {} failed: {}", intent.id(), intent.provider(), e.toString());
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
          metrics.payment(intent.provider(), "expired");
          LOG.warn("payment {} expired after {} minutes without an answer", intent.id(), config.expireAfterMinutes());
        }
      }).mapEmpty();
    }
    Optional<ResilientProvider> found = wallets.provider(intent.provider());
    if (found.isEmpty()) return noSuchWallet(intent).compose(x -> payments.scheduleCheck(intent.id(), nextCheck(intent)));
    ResilientProvider provider = found.get();
    return Future.fromCompletionStage(provider.status(new PaymentReference(intent.id().toString(), intent.providerReference())))
        .compose(status -> {
          if (status instanceof PaymentStatus.Unknown && intent.status() == PaymentState.INITIATING) {
            // The request never reached the wallet: ask again.
            return request(intent).compose(x -> payments.scheduleCheck(intent.id(), nextCheck(intent)));
          }
          return apply(provider.name(), intent, status, null);
        });
  }

  /**
   * Applies a verified status. {@code eventId}, the notification that brought it (null for our own
   * checks), is remembered only when the status settles the payment, with the booking it made: a
   * notification that came while the wallet still said "pending" may come again, and is checked again.
   */
  private Future<Void> apply(String wallet, PaymentIntent intent, PaymentStatus status, String eventId) {
    if (status instanceof PaymentStatus.Successful ok) {
      return payments.confirm(intent.id(), ok.providerTransactionId(), ok.amount(), LocalDate.now(clock),
              eventId == null ? null : new PaymentStore.Notification(wallet, eventId))
          .onSuccess(confirmation -> recordConfirmation(wallet, confirmation))
          .mapEmpty();
    }
    if (status instanceof PaymentStatus.Failed failed) {
      return payments.markFailed(intent.id(), abbreviate(failed.reason())).compose(changed -> {
        if (changed) {
          metrics.payment(wallet, "failed");
          metrics.paymentFailure(wallet, "payment", "declined");
          LOG.info("payment {} failed: {}", intent.id(), failed.reason());
        }
        return eventId == null ? Future.succeededFuture() : payments.recordEvent(wallet, eventId, intent.id(), PaymentState.FAILED);
      });
    }
    return payments.scheduleCheck(intent.id(), nextCheck(intent));
  }

  private void recordConfirmation(String wallet, Confirmation confirmation) {
    if (confirmation instanceof Confirmation.Booked booked) {
      metrics.payment(wallet, "confirmed");
      LOG.info("payment booked wallet={} receipt={} amount={}", wallet, booked.receiptNumber(), booked.amount());
      onBooked.run();
    } else if (confirmation instanceof Confirmation.AlreadyBooked) {
      metrics.payment(wallet, "already_confirmed");
    } else if (confirmation instanceof Confirmation.HeldForReview review) {
      metrics.payment(wallet, "review");
      LOG.error("payment held for review: {}", review.reason());
    }
  }

  private Instant nextCheck(PaymentIntent intent) {
    return clock.instant().plusSeconds(checkBackoff(config.pollIntervalSeconds()).delay(intent.checks()));
  }

  /** Checks back off: the configured interval, doubling with each check, at most ten times it. */
  static Backoff checkBackoff(int pollIntervalSeconds) {
    return Backoff.doubling(pollIntervalSeconds, pollIntervalSeconds * 10L);
  }

  private static String reason(Throwable e) {
    return ResilientProvider.failureKind(e);
  }

  private static String abbreviate(String s) {
    if (s == null) return "unknown";
    return s.length() > 300 ? s.substring(0, 300) : s;
  }
}
