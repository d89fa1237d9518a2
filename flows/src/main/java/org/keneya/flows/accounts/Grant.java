package org.keneya.flows.accounts;

import java.util.ArrayList;
import java.util.List;

/**
 * One role of an account and where it holds: an administrator everywhere; a mutual manager or an
 * accountant in {@code mutual}; a section agent in {@code section} of {@code mutual}; a health
 * centre as the configured centre {@code healthCentre}; a funder for the claims to {@code funder}
 * (of {@code mutual} only, when given).
 */
public record Grant(Role role, String mutual, String section, String healthCentre, String funder) {

  public static Grant administrator() {
    return new Grant(Role.ADMINISTRATOR, null, null, null, null);
  }

  /** Whether this grant reaches data of {@code mutual}, and of {@code section} when the data belongs to one (null: the mutual's as a whole). */
  public boolean covers(String mutual, String section) {
    return switch (role) {
      case ADMINISTRATOR -> true;
      case MUTUAL_MANAGER, ACCOUNTANT -> this.mutual.equals(mutual);
      case SECTION_AGENT -> this.mutual.equals(mutual) && this.section.equals(section);
      case HEALTH_CENTRE, FUNDER -> false;
    };
  }

  /** What is missing or does not belong to the role, one line each; empty when the grant is whole. Mutuals and centres are checked against the configuration elsewhere. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    boolean wantsMutual = role == Role.MUTUAL_MANAGER || role == Role.ACCOUNTANT || role == Role.SECTION_AGENT;
    if (wantsMutual && blank(mutual)) problems.add(role.code() + " needs a mutual");
    if (!wantsMutual && role != Role.FUNDER && mutual != null) problems.add(role.code() + " takes no mutual");
    if (role == Role.SECTION_AGENT && blank(section)) problems.add("section-agent needs a section");
    if (role != Role.SECTION_AGENT && section != null) problems.add(role.code() + " takes no section");
    if (role == Role.HEALTH_CENTRE && blank(healthCentre)) problems.add("health-centre needs a healthCentre (a healthCentres[].id)");
    if (role != Role.HEALTH_CENTRE && healthCentre != null) problems.add(role.code() + " takes no healthCentre");
    if (role == Role.FUNDER && blank(funder)) problems.add("funder needs a funder (a co-financing funder id)");
    if (role != Role.FUNDER && funder != null) problems.add(role.code() + " takes no funder");
    return problems;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
