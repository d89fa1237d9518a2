package org.keneya.gateway.contracts;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;

/** A contract suite of the persistence ports: each implementation runs it against its own {@link StoreBench}. */
abstract class StoreContract {
  protected abstract StoreBench bench();

  protected final HouseholdStore households() {
    return bench().households();
  }

  protected final PaymentStore payments() {
    return bench().payments();
  }

  protected final OutboxStore outbox() {
    return bench().outbox();
  }

  protected final void elapse(Duration time) {
    bench().elapse(time);
  }

  protected final Instant now() {
    return bench().now();
  }

  static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
