package org.keneya.flows.ports;

/**
 * A remote service (wallet, SMS transport) did not do what was asked. {@code permanent} when
 * asking again cannot help (a refusal: bad number, unknown payer), false for timeouts, resets,
 * server errors and answers we could not read. {@code providerReference}, when not null, is the
 * provider's id of a request that got part of the way (a payment initiated whose push then timed
 * out): the payment must be followed under it, not asked again.
 */
public final class RemoteFailure extends RuntimeException {
  private final boolean permanent;
  private final String providerReference;

  public RemoteFailure(String message, boolean permanent) {
    this(message, permanent, null);
  }

  public RemoteFailure(String message, boolean permanent, String providerReference) {
    super(message);
    this.permanent = permanent;
    this.providerReference = providerReference;
  }

  public boolean permanent() {
    return permanent;
  }

  public String providerReference() {
    return providerReference;
  }
}
