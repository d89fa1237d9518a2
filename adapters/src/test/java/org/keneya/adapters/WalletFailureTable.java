package org.keneya.adapters;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.keneya.flows.ports.WalletFailure;

/**
 * The statuses every wallet's contract test sends to its payment request, with the class each
 * must fall in: one rule for all wallets, checked through each adapter so that none drifts.
 */
public final class WalletFailureTable {
  private WalletFailureTable() {}

  public static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, WalletFailure.REFUSED),
        Arguments.of(401, WalletFailure.UNAUTHORISED),
        Arguments.of(403, WalletFailure.REFUSED),
        Arguments.of(404, WalletFailure.REFUSED),
        Arguments.of(408, WalletFailure.TIMEOUT),
        Arguments.of(409, WalletFailure.CONFLICT),
        Arguments.of(417, WalletFailure.REFUSED),
        Arguments.of(422, WalletFailure.REFUSED),
        Arguments.of(429, WalletFailure.THROTTLED),
        Arguments.of(500, WalletFailure.UNAVAILABLE),
        Arguments.of(502, WalletFailure.UNAVAILABLE),
        Arguments.of(503, WalletFailure.UNAVAILABLE),
        Arguments.of(504, WalletFailure.UNAVAILABLE));
  }

  /** The table without the statuses a wallet reads otherwise (MoMo's 409 to a request is an earlier try that got through). */
  public static Stream<Arguments> statusesBut(int... readOtherwise) {
    return statuses().filter(row -> java.util.Arrays.stream(readOtherwise).noneMatch(status -> status == (int) row.get()[0]));
  }
}
