package org.keneya.flows.ports;

/**
 * What a wallet API's HTTP status says when it is not the answer the call expects: the one rule,
 * for every wallet, of whether asking again can help ({@link RemoteFailure#permanent()}). An
 * adapter first reads the answers its API gives a meaning of its own (MoMo's 409 to a request is an
 * earlier try that got through, a 404 to a status check is "no such payment", CinetPay's codes
 * inside a 200); the status of what is left is classed here.
 *
 * <p>A permanent failure of a payment request fails the payment at once; any other leaves it to
 * the status checks, and the request is repeated only where the wallet deduplicates on our
 * reference id. So a status is permanent only when the wallet surely read this request and said no.
 */
public enum WalletFailure {
  /** A 4xx not named below: the API read this very request and refused it (unknown payer, low balance, bad amount). */
  REFUSED(true),
  /** 401: our token expired or was revoked; the adapter forgets it, and a new one may pass. */
  UNAUTHORISED(false),
  /**
   * 408: the wallet stopped waiting for us, so the request may have reached it. A timeout, never a
   * refusal: what became of the payment is asked, not assumed.
   */
  TIMEOUT(false),
  /** 409: the wallet holds a request at odds with this one (a duplicate still in progress): its fate is asked, not assumed. */
  CONFLICT(false),
  /** 429: too many calls for now. */
  THROTTLED(false),
  /** 5xx, and any status a failure should not have (1xx, 2xx, 3xx): the wallet did not say no. */
  UNAVAILABLE(false);

  private final boolean permanent;

  WalletFailure(boolean permanent) {
    this.permanent = permanent;
  }

  public static WalletFailure of(int httpStatus) {
    return switch (httpStatus) {
      case 401 -> UNAUTHORISED;
      case 408 -> TIMEOUT;
      case 409 -> CONFLICT;
      case 429 -> THROTTLED;
      default -> httpStatus >= 400 && httpStatus < 500 ? REFUSED : UNAVAILABLE;
    };
  }

  /** Whether asking again can never help: the value a {@link RemoteFailure} for this answer carries. */
  public boolean permanent() {
    return permanent;
  }
}
