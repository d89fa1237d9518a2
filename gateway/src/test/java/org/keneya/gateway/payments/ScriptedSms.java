package org.keneya.gateway.payments;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.SmsSender;

/** An SMS transport whose answers a test sets: each send takes the next failure set, else is accepted with a new message id. */
final class ScriptedSms implements SmsSender {
  record Sent(Msisdn to, String message) {}

  /** Every SMS handed over, accepted or not. */
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Deque<RemoteFailure> failures = new ArrayDeque<>();

  synchronized void fails(RemoteFailure failure, int times) {
    for (int i = 0; i < times; i++) failures.add(failure);
  }

  @Override
  public synchronized CompletionStage<String> send(Msisdn to, String message) {
    sent.add(new Sent(to, message));
    RemoteFailure failure = failures.poll();
    return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture("ATXid_" + sent.size());
  }
}
