package org.keneya.adapters.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ports.RemoteFailure;

/** The resilience policies around a wallet, against a provider whose every answer the test decides. */
class ResilientProviderTest {
  private static final PaymentProvider.PaymentOrder ORDER = new PaymentProvider.PaymentOrder("ref-1", new Msisdn("+22376123456"),
      Money.of(2730, "XOF"), "Cotisation");
  private static final PaymentProvider.PaymentReference REFERENCE = new PaymentProvider.PaymentReference("ref-1", null);

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A provider answering each call with the next of {@code answers} (the last one repeats). */
  private static final class Scripted implements PaymentProvider {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger statuses = new AtomicInteger();
    final ConcurrentLinkedQueue<Supplier<CompletionStage<?>>> answers = new ConcurrentLinkedQueue<>();
    Supplier<CompletionStage<?>> last;
    final boolean idempotent;

    Scripted(boolean idempotent, List<Supplier<CompletionStage<?>>> script) {
      this.idempotent = idempotent;
      answers.addAll(script);
      last = script.get(script.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletionStage<T> next() {
      Supplier<CompletionStage<?>> answer = answers.poll();
      return (CompletionStage<T>) (answer == null ? last : answer).get();
    }

    @Override public String name() { return "orange"; }
    @Override public boolean requestIsIdempotent() { return idempotent; }
    @Override public CompletionStage<Requested> requestPayment(PaymentOrder order) { requests.incrementAndGet(); return next(); }
    @Override public CompletionStage<PaymentStatus> status(PaymentReference reference) { statuses.incrementAndGet(); return next(); }
    @Override public CallbackVerdict readCallback(Callback callback) { return new CallbackVerdict.Ignored("test"); }
  }

  private static Supplier<CompletionStage<?>> fails(boolean permanent) {
    return () -> CompletableFuture.failedFuture(new RemoteFailure("wallet said no", permanent));
  }

  private static Supplier<CompletionStage<?>> answers(Object value) {
    return () -> CompletableFuture.completedFuture(value);
  }

  private static Supplier<CompletionStage<?>> never() {
    return CompletableFuture::new;
  }

  private ResilientProvider around(Scripted provider, WalletConfig.Resilience resilience, int timeoutMillis) {
    WalletConfig wallet = new WalletConfig("orange", "Orange Money", "ORANGE_MONEY", List.of(), List.of(), "http://x",
        "http://x", timeoutMillis, resilience, java.util.Map.of());
    return new ResilientProvider(vertx, provider, wallet, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), registry);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private double count(String operation, String outcome) {
    var counter = registry.find("keneya_wallet_calls").tags("operation", operation, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void statusChecksAreRetriedWithBackoff_untilTheyAnswer() {
    Scripted provider = new Scripted(false, List.of(fails(false), fails(false), answers(new PaymentProvider.PaymentStatus.Pending())));
    ResilientProvider wallet = around(provider, new WalletConfig.Resilience(50, 20, 30, 5, 2, 10), 500);
    assertThat(join(wallet.status(REFERENCE))).isEqualTo(new PaymentProvider.PaymentStatus.Pending());
    assertThat(provider.statuses).hasValue(3);
    assertThat(count("status", "retried")).isEqualTo(2);
  }

  @Test
  void aRequestIsRepeatedOnlyWhenTheProviderDeduplicatesIt_andARefusalNever() {
    Scripted pushes = new Scripted(false, List.of(fails(false), answers(PaymentProvider.Requested.byOurReference())));
    assertThatThrownBy(() -> join(around(pushes, new WalletConfig.Resilience(50, 20, 30, 5, 2, 10), 500).requestPayment(ORDER)))
        .isInstanceOf(CompletionException.class);
    assertThat(pushes.requests).as("a push that may have reached the phone is not pushed again").hasValue(1);

    Scripted deduplicated = new Scripted(true, List.of(fails(false), answers(PaymentProvider.Requested.byOurReference())));
    join(around(deduplicated, new WalletConfig.Resilience(50, 20, 30, 5, 2, 10), 500).requestPayment(ORDER));
    assertThat(deduplicated.requests).hasValue(2);

    Scripted refusing = new Scripted(true, List.of(fails(true)));
    assertThatThrownBy(() -> join(around(refusing, new WalletConfig.Resilience(50, 20, 30, 5, 2, 10), 500).requestPayment(ORDER)))
        .hasCauseInstanceOf(RemoteFailure.class);
    assertThat(refusing.requests).hasValue(1);
  }

  @Test
  void repeatedFailuresOpenTheCircuit_thenTheProviderIsNotCalled_whileRefusalsDoNotCount() {
    Scripted refusing = new Scripted(false, List.of(fails(true)));
    ResilientProvider healthy = around(refusing, new WalletConfig.Resilience(50, 4, 30, 5, 0, 10), 500);
    for (int i = 0; i < 6; i++) assertThatThrownBy(() -> join(healthy.requestPayment(ORDER))).isInstanceOf(CompletionException.class);
    assertThat(healthy.available()).as("members refused by their wallet say nothing of the operator's health").isTrue();

    Scripted down = new Scripted(false, List.of(fails(false)));
    ResilientProvider wallet = around(down, new WalletConfig.Resilience(50, 4, 30, 5, 0, 10), 500);
    for (int i = 0; i < 4; i++) assertThatThrownBy(() -> join(wallet.requestPayment(ORDER))).isInstanceOf(CompletionException.class);
    assertThat(wallet.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(wallet.available()).isFalse();
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> join(wallet.status(REFERENCE)));
    assertThat(ResilientProvider.failureKind(refused.getCause())).isEqualTo("not_called");
    assertThat(down.requests.get() + down.statuses.get()).isEqualTo(4);
    assertThat(count("status", "circuit_open")).isEqualTo(1);
  }

  @Test
  void aSlowOperatorHoldsOnlyItsBulkhead_andEveryCallHasATimeLimit() {
    Scripted slow = new Scripted(false, List.of(never()));
    ResilientProvider wallet = around(slow, new WalletConfig.Resilience(50, 20, 30, 2, 0, 10), 100);
    CompletableFuture<PaymentProvider.Requested> first = wallet.requestPayment(ORDER).toCompletableFuture();
    CompletableFuture<PaymentProvider.Requested> second = wallet.requestPayment(ORDER).toCompletableFuture();
    Throwable third = org.assertj.core.api.Assertions.catchThrowable(() -> join(wallet.requestPayment(ORDER)));
    assertThat(ResilientProvider.failureKind(third.getCause())).as("refused at once, not queued").isEqualTo("not_called");
    assertThat(slow.requests).hasValue(2);
    assertThat(count("request", "busy")).isEqualTo(1);
    // Each call is given up after its time limit (3 x 100 ms: token and two calls), which frees the bulkhead.
    for (CompletableFuture<PaymentProvider.Requested> call : List.of(first, second)) {
      Throwable timedOut = org.assertj.core.api.Assertions.catchThrowable(() -> call.orTimeout(5, TimeUnit.SECONDS).join());
      assertThat(ResilientProvider.failureKind(timedOut.getCause())).isEqualTo("timeout");
    }
    slow.last = answers(PaymentProvider.Requested.byOurReference());
    assertThat(join(wallet.requestPayment(ORDER))).isEqualTo(PaymentProvider.Requested.byOurReference());
  }

  /** The waits as they were before the one Backoff policy: retryBackoffMillis, doubling, uncapped; never 0. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} ms base, retry {1}: {2} ms")
  @org.junit.jupiter.params.provider.CsvSource({"50, 0, 50", "50, 1, 100", "50, 2, 200", "50, 3, 400", "50, 4, 800",
      "200, 5, 6400", "0, 0, 1", "0, 2, 1"})
  void retriesWaitTheBackoffDoublingFromTheConfiguredOne(long base, int retried, long millis) {
    assertThat(ResilientProvider.retryDelayMillis(base, retried)).isEqualTo(millis);
  }
}
