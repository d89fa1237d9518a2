package org.keneya.flows.accounts;

import java.util.Locale;
import java.util.Optional;

/** What an account may do, each granted for a scope (see {@link Grant}). */
public enum Role {
  /** Everything, for every mutual, including accounts. */
  ADMINISTRATOR,
  /** Everything for its mutual, accounts and wallet statements excepted. */
  MUTUAL_MANAGER,
  /** Reads the ledger, claims and reports of its mutual; changes nothing. */
  ACCOUNTANT,
  /** Enrols and reads the households, and reads the collectors, of its section. */
  SECTION_AGENT,
  /** Checks members' rights for the mutuals its centre serves. */
  HEALTH_CENTRE,
  /** Reads its own co-financing claims. */
  FUNDER;

  /** The name in the API and the database: {@code mutual-manager}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Role> of(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) return Optional.of(role);
    }
    return Optional.empty();
  }
}
