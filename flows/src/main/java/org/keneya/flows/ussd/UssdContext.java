package org.keneya.flows.ussd;

import java.time.LocalDate;
import java.util.List;

/**
 * The facts one hop is answered with.
 *
 * @param household the caller's household, null when the number belongs to none
 * @param helpContact whom a caller with an unknown number should contact
 * @param wallets the wallets that can collect from the caller's number, available or not
 * @param networkCode the caller's mobile network as the aggregator names it, null when not given
 */
public record UssdContext(
    String serviceCode, LocalDate today, HouseholdView household, String helpContact, List<Wallet> wallets, String networkCode) {

  /**
   * A mobile-money wallet the gateway can collect from, and the networks whose subscribers it serves.
   *
   * @param paidByLink the member completes the payment from a link sent by SMS, not on a PIN prompt
   * @param available false while the wallet's API is failing: it is not offered
   */
  public record Wallet(String id, String name, List<String> networkCodes, boolean paidByLink, boolean available) {
    public Wallet(String id, String name, List<String> networkCodes) {
      this(id, name, networkCodes, false, true);
    }
  }

  /** The wallets in the order offered: the calling number's own operator first. */
  public List<Wallet> walletsOffered() {
    List<Wallet> own = wallets.stream().filter(w -> networkCode != null && w.networkCodes().contains(networkCode)).toList();
    List<Wallet> others = wallets.stream().filter(w -> !own.contains(w)).toList();
    return java.util.stream.Stream.concat(own.stream(), others.stream()).toList();
  }
}
