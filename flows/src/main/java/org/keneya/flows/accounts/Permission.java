package org.keneya.flows.accounts;

import static org.keneya.flows.accounts.Role.ACCOUNTANT;
import static org.keneya.flows.accounts.Role.ADMINISTRATOR;
import static org.keneya.flows.accounts.Role.FUNDER;
import static org.keneya.flows.accounts.Role.HEALTH_CENTRE;
import static org.keneya.flows.accounts.Role.MUTUAL_MANAGER;
import static org.keneya.flows.accounts.Role.SECTION_AGENT;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an admin route does, and so which roles may call it: each route declares one. A role not
 * listed is refused (403) before the route looks at anything.
 */
public enum Permission {
  MUTUALS_READ(ADMINISTRATOR, MUTUAL_MANAGER, ACCOUNTANT, SECTION_AGENT),
  HOUSEHOLDS_ENROL(ADMINISTRATOR, MUTUAL_MANAGER, SECTION_AGENT),
  HOUSEHOLDS_READ(ADMINISTRATOR, MUTUAL_MANAGER, SECTION_AGENT),
  /** Register collectors and lift their locks. */
  COLLECTORS_MANAGE(ADMINISTRATOR, MUTUAL_MANAGER),
  COLLECTORS_READ(ADMINISTRATOR, MUTUAL_MANAGER, SECTION_AGENT),
  /**
   * Record a collector's bank slip. Not section agents: whoever oversees a collector's cash must
   * not be the one who can declare it banked.
   */
  REMITTANCES_RECORD(ADMINISTRATOR, MUTUAL_MANAGER),
  RECEIPTS_REVERSE(ADMINISTRATOR, MUTUAL_MANAGER),
  REPORTS_READ(ADMINISTRATOR, MUTUAL_MANAGER, ACCOUNTANT),
  LEDGER_READ(ADMINISTRATOR, MUTUAL_MANAGER, ACCOUNTANT),
  CLAIMS_CREATE(ADMINISTRATOR, MUTUAL_MANAGER),
  CLAIMS_READ(ADMINISTRATOR, MUTUAL_MANAGER, ACCOUNTANT, FUNDER),
  CLAIMS_PAY(ADMINISTRATOR, MUTUAL_MANAGER),
  /** Wallet statements hold the payments of every mutual the wallet serves: deployment-wide. */
  RECONCILIATION(ADMINISTRATOR),
  RIGHTS_CHECK(ADMINISTRATOR, HEALTH_CENTRE),
  /** A centre's PIN opens every mutual it serves: deployment-wide. */
  CENTRE_PINS_SET(ADMINISTRATOR),
  ACCOUNTS_MANAGE(ADMINISTRATOR);

  private final Set<Role> roles;

  Permission(Role first, Role... others) {
    this.roles = EnumSet.of(first, others);
  }

  public Set<Role> roles() {
    return roles;
  }
}
