package org.keneya.adapters.pg;

import io.vertx.core.Future;
import java.util.UUID;
import org.keneya.flows.payments.PaymentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A change of a payment's status the adapters are about to make, checked against {@link PaymentState}'s table. */
final class StatusChange {
  private static final Logger LOG = LoggerFactory.getLogger(StatusChange.class);

  private StatusChange() {}

  /**
   * Succeeds when {@code from} may become {@code to}. A change the table refuses is a bug in the
   * caller: it is logged as an error and the change refused (a failed future, so the transaction
   * around it keeps nothing, and a test that gets there fails).
   */
  static Future<Void> check(UUID intentId, PaymentState from, PaymentState to) {
    PaymentState.Transition transition = from.to(to);
    if (transition.allowed()) return Future.succeededFuture();
    PaymentState.IllegalTransition bug = new PaymentState.IllegalTransition(transition);
    LOG.error("payment {} refused: {}", intentId, bug.getMessage());
    return Future.failedFuture(bug);
  }

  /**
   * A change guarded by its statement ({@code WHERE status = ANY(...)}) that found the payment in
   * no state it may change from, where the caller knows it must be in one: a bug, as in {@link #check}.
   */
  static <T> Future<T> refused(UUID intentId, String why) {
    IllegalStateException bug = new IllegalStateException(why);
    LOG.error("payment {} refused: {}", intentId, why);
    return Future.failedFuture(bug);
  }
}
