package org.keneya.flows.ports;

import java.util.concurrent.CompletionStage;
import org.keneya.flows.people.Msisdn;

/** Sends one SMS. Completes with the transport's message id, or fails with {@link SmsRejected}. */
public interface SmsSender {
  CompletionStage<String> send(Msisdn to, String message);

  /** The transport refused the message; {@code permanent} when sending it again cannot help. */
  final class SmsRejected extends RuntimeException {
    private final boolean permanent;

    public SmsRejected(String reason, boolean permanent) {
      super(reason);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
