package org.keneya.adapters.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.keneya.config.WalletConfig;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.retry.Backoff;

/**
 * A wallet's API behind Resilience4j, as its {@link WalletConfig.Resilience} says: a bulkhead (so
 * that one slow operator cannot hold every connection and starve the others), a circuit breaker
 * (so that an operator that is down is not called, and the menus offer another wallet), a time
 * limit on every operation, and retries with backoff only where repeating is safe: status checks
 * always, payment requests only when the provider deduplicates on our reference id.
 *
 * <p>Resilience4j's Vert.x module does not exist for Vert.x 5, so the permissions are taken and
 * released around Vert.x futures here. Refusals (a permanent {@link RemoteFailure}: the API
 * answered, the payment was refused) do not count against the operator's health.
 */
public final class ResilientProvider implements PaymentProvider {
  /** An operation may take a token call and two API calls, each bounded by the wallet's timeout. */
  static final int CALLS_PER_OPERATION = 3;

  private final PaymentProvider provider;
  private final Vertx vertx;
  private final WalletConfig.Resilience settings;
  private final long timeLimitMillis;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public ResilientProvider(Vertx vertx, PaymentProvider provider, WalletConfig wallet, CircuitBreakerRegistry breakers,
      BulkheadRegistry bulkheads, MeterRegistry registry) {
    this.provider = provider;
    this.vertx = vertx;
    this.settings = wallet.resilienceOrDefault();
    this.timeLimitMillis = (long) wallet.timeoutMillis() * CALLS_PER_OPERATION;
    this.breaker = breakers.circuitBreaker(provider.name(), CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.windowCalls())
        .minimumNumberOfCalls(settings.windowCalls())
        .failureRateThreshold(settings.failureRatePercent())
        .waitDurationInOpenState(Duration.ofSeconds(settings.openSeconds()))
        // Without it an open circuit would stay open while nobody calls, and the menus would never offer the wallet again.
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .permittedNumberOfCallsInHalfOpenState(2)
        .build());
    this.bulkhead = bulkheads.bulkhead(provider.name(), BulkheadConfig.custom()
        .maxConcurrentCalls(settings.maxConcurrentCalls())
        .maxWaitDuration(Duration.ZERO)
        .build());
    this.registry = registry;
  }

  @Override
  public String name() {
    return provider.name();
  }

  /** Whether the wallet may be offered: its circuit is not open. */
  public boolean available() {
    CircuitBreaker.State state = breaker.getState();
    return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
  }

  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    return call("request", provider.requestIsIdempotent(), () -> provider.requestPayment(order)).toCompletionStage();
  }

  @Override
  public boolean requestIsIdempotent() {
    return provider.requestIsIdempotent();
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    return call("status", true, () -> provider.status(reference)).toCompletionStage();
  }

  @Override
  public CallbackVerdict readCallback(Callback callback) {
    return provider.readCallback(callback);
  }

  private <T> Future<T> call(String operation, boolean repeatable, Supplier<CompletionStage<T>> action) {
    return attempt(operation, action, repeatable ? settings.retries() : 0, 0);
  }

  private <T> Future<T> attempt(String operation, Supplier<CompletionStage<T>> action, int retriesLeft, int retried) {
    return once(operation, action).recover(e -> {
      if (retriesLeft <= 0 || !worthRepeating(e)) return Future.failedFuture(e);
      count(operation, "retried");
      Promise<T> later = Promise.promise();
      vertx.setTimer(retryDelayMillis(settings.retryBackoffMillis(), retried),
          t -> attempt(operation, action, retriesLeft - 1, retried + 1).onComplete(later));
      return later.future();
    });
  }

  /** {@code retryBackoffMillis} before the first retry, doubling; never 0, which a Vert.x timer does not take. */
  static long retryDelayMillis(long retryBackoffMillis, int retried) {
    return Math.max(1, Backoff.doubling(retryBackoffMillis, Long.MAX_VALUE).delay(retried));
  }

  /**
   * Timeouts, resets and server errors may pass (whether the adapter reported them as a
   * {@link RemoteFailure} or the network's own exception came through); a refusal, an open
   * circuit or a full bulkhead will not within a retry's wait.
   */
  private static boolean worthRepeating(Throwable e) {
    if (e instanceof Refused) return false;
    return !(e instanceof RemoteFailure failure) || !failure.permanent();
  }

  private <T> Future<T> once(String operation, Supplier<CompletionStage<T>> action) {
    if (!bulkhead.tryAcquirePermission()) {
      count(operation, "busy");
      return Future.failedFuture(new Refused(name() + " has " + settings.maxConcurrentCalls() + " calls in flight already"));
    }
    if (!breaker.tryAcquirePermission()) {
      bulkhead.onComplete();
      count(operation, "circuit_open");
      return Future.failedFuture(new Refused(name() + " is not being called: its circuit is open after repeated failures"));
    }
    long start = System.nanoTime();
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(timeLimitMillis, t -> result.tryFail(new TimedOut(name() + " " + operation + " took longer than " + timeLimitMillis + " ms")));
    try {
      Future.fromCompletionStage(action.get()).onComplete(result::tryComplete, result::tryFail);
    } catch (RuntimeException e) {
      result.tryFail(e);
    }
    return result.future().andThen(outcome -> {
      vertx.cancelTimer(timer);
      bulkhead.onComplete();
      long elapsed = System.nanoTime() - start;
      timer(operation).record(elapsed, TimeUnit.NANOSECONDS);
      if (outcome.succeeded()) {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        count(operation, "ok");
      } else if (outcome.cause() instanceof RemoteFailure failure && failure.permanent()) {
        // The API answered; it refused this payment. That says nothing bad about the operator.
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        count(operation, "refused");
      } else {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, outcome.cause());
        count(operation, outcome.cause() instanceof TimedOut ? "timeout" : "error");
      }
    });
  }

  private void count(String operation, String outcome) {
    counters.computeIfAbsent(operation + "/" + outcome, k -> Counter.builder("keneya_wallet_calls")
        .description("Calls to a wallet's API by operation and outcome (ok, refused, timeout, error, retried, busy, circuit_open)")
        .tags("provider", name(), "operation", operation, "outcome", outcome).register(registry)).increment();
  }

  private Timer timer(String operation) {
    return timers.computeIfAbsent(operation, k -> Timer.builder("keneya_wallet_call_latency")
        .description("How long a wallet's API took to answer an operation, retries apart")
        .tags("provider", name(), "operation", operation).publishPercentiles(0.5, 0.95, 0.99).register(registry));
  }

  /** A failure's kind, as a metric tag: refused, timeout, unavailable (5xx, reset, unreadable), not_called (circuit, bulkhead), error. */
  public static String failureKind(Throwable e) {
    if (e instanceof Refused) return "not_called";
    if (e instanceof TimedOut || e instanceof java.util.concurrent.TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return "timeout";
    }
    if (e instanceof RemoteFailure failure) return failure.permanent() ? "refused" : "unavailable";
    if (e instanceof java.io.IOException || e instanceof io.vertx.core.VertxException) return "unavailable";
    return "error";
  }

  /** Not called at all: the circuit is open or the bulkhead full. Nothing reached the provider. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static final class TimedOut extends RuntimeException {
    TimedOut(String message) {
      super(message, null, false, false);
    }
  }
}
