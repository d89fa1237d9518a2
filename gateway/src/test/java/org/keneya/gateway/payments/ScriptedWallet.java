package org.keneya.gateway.payments;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.keneya.flows.ports.PaymentProvider;

/** A wallet whose answers a test sets: to a payment request, to a status check, and to each notification it may send. */
final class ScriptedWallet implements PaymentProvider {
  private final String name;
  private final Map<String, CallbackVerdict> notifications = new ConcurrentHashMap<>();
  /** Every payment asked of this wallet, in order. */
  final List<PaymentOrder> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger statusChecks = new AtomicInteger();
  /** What a request is answered: accepted as this, unless {@link #refusal} is set. */
  volatile Requested accepted = Requested.byOurReference();
  volatile RuntimeException refusal;
  volatile PaymentStatus status = new PaymentStatus.Pending();

  ScriptedWallet(String name) {
    this.name = name;
  }

  /** The wallet's notification with {@code body} reads as {@code verdict}; any other is forged. */
  void notifies(String body, CallbackVerdict verdict) {
    notifications.put(body, verdict);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    requests.add(order);
    return refusal != null ? CompletableFuture.failedFuture(refusal) : CompletableFuture.completedFuture(accepted);
  }

  @Override
  public boolean requestIsIdempotent() {
    return false;
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    statusChecks.incrementAndGet();
    return CompletableFuture.completedFuture(status);
  }

  @Override
  public CallbackVerdict readCallback(Callback callback) {
    return notifications.getOrDefault(callback.body(), new CallbackVerdict.Rejected(true, "not signed by " + name));
  }
}
