package org.keneya.flows.accounts;

import java.util.List;
import java.util.UUID;

/**
 * Who a request comes from, once its credential checked out: the account and its grants. What it
 * asks is allowed when one grant both has the permission and covers the data.
 */
public record Principal(UUID accountId, String name, List<Grant> grants) {

  /** Whether some grant of this account has {@code permission} somewhere. */
  public boolean may(Permission permission) {
    return grants.stream().anyMatch(g -> permission.roles().contains(g.role()));
  }

  /** Whether some grant with {@code permission} covers the data of {@code mutual} (and {@code section}, null for mutual-wide data). */
  public boolean may(Permission permission, String mutual, String section) {
    return grants.stream().anyMatch(g -> permission.roles().contains(g.role()) && g.covers(mutual, section));
  }

  /** Whether a claim of {@code mutual} to {@code funder} is reachable with {@code permission}: by scope, or as that funder. */
  public boolean mayClaim(Permission permission, String mutual, String funder) {
    return grants.stream().anyMatch(g -> permission.roles().contains(g.role()) && (g.role() == Role.FUNDER
        ? g.funder().equals(funder) && (g.mutual() == null || g.mutual().equals(mutual))
        : g.covers(mutual, null)));
  }

  /** Whether some grant names {@code mutual} (or reaches every mutual), whatever its role: which mutuals the account is shown. */
  public boolean knows(String mutual) {
    return grants.stream().anyMatch(g -> g.role() == Role.ADMINISTRATOR || mutual.equals(g.mutual()));
  }

  public boolean administrator() {
    return grants.stream().anyMatch(g -> g.role() == Role.ADMINISTRATOR);
  }

  /** The configured health centres this account checks rights as. */
  public List<String> healthCentres() {
    return grants.stream().filter(g -> g.role() == Role.HEALTH_CENTRE).map(Grant::healthCentre).toList();
  }

  /** How the audit log names it. */
  public String label() {
    return name + " (account " + accountId + ")";
  }
}
