package org.keneya.flows.ports;

import java.util.concurrent.CompletionStage;
import org.keneya.flows.people.Msisdn;

/** Sends one SMS. Completes with the transport's message id, or fails with {@link RemoteFailure}. */
public interface SmsSender {
  CompletionStage<String> send(Msisdn to, String message);
}
