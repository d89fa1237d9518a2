package org.keneya.flows.ports;

/**
 * A remote service (wallet, SMS transport) did not do what was asked. {@code permanent} when
 * asking again cannot help (a refusal: bad number, unknown payer), false for timeouts, resets,
 * server errors and answers we could not read.
 */
public final class RemoteFailure extends RuntimeException {
  private final boolean permanent;

  public RemoteFailure(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
