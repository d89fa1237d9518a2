package org.keneya.adapters.http;

/**
 * A call to a remote API that did not succeed. {@code permanent} when repeating the same call
 * cannot help (a refusal), false for timeouts, resets and server errors.
 */
public final class RemoteCallFailed extends RuntimeException {
  private final boolean permanent;

  public RemoteCallFailed(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
