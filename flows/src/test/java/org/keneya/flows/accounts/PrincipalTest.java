package org.keneya.flows.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrincipalTest {
  private static Principal of(Grant... grants) {
    return new Principal(UUID.randomUUID(), "x", List.of(grants));
  }

  @Test
  void aGrantReachesOnlyItsScope() {
    Principal agent = of(new Grant(Role.SECTION_AGENT, "mopti-cercle", "konna", null, null));
    assertThat(agent.may(Permission.HOUSEHOLDS_READ, "mopti-cercle", "konna")).isTrue();
    assertThat(agent.may(Permission.HOUSEHOLDS_READ, "mopti-cercle", "sio")).isFalse();
    assertThat(agent.may(Permission.REPORTS_READ, "mopti-cercle", null)).isFalse();
    // Mutual-wide data is not a section's.
    assertThat(agent.may(Permission.HOUSEHOLDS_READ, "mopti-cercle", null)).isFalse();

    Principal twoRoles = of(new Grant(Role.ACCOUNTANT, "utm-bamako", null, null, null),
        new Grant(Role.MUTUAL_MANAGER, "mopti-cercle", null, null, null));
    assertThat(twoRoles.may(Permission.RECEIPTS_REVERSE, "mopti-cercle", null)).isTrue();
    // Each grant counts only with its own role: an accountant of UTM does not reverse there.
    assertThat(twoRoles.may(Permission.RECEIPTS_REVERSE, "utm-bamako", null)).isFalse();
    assertThat(twoRoles.may(Permission.LEDGER_READ, "utm-bamako", null)).isTrue();
    assertThat(twoRoles.knows("utm-bamako")).isTrue();
    assertThat(twoRoles.knows("nongon")).isFalse();
  }

  @Test
  void aFunderReadsOnlyItsOwnClaims() {
    Principal state = of(new Grant(Role.FUNDER, null, null, null, "state"));
    assertThat(state.mayClaim(Permission.CLAIMS_READ, "mopti-cercle", "state")).isTrue();
    assertThat(state.mayClaim(Permission.CLAIMS_READ, "mopti-cercle", "afd")).isFalse();
    assertThat(state.mayClaim(Permission.CLAIMS_PAY, "mopti-cercle", "state")).isFalse();
    Principal afdMopti = of(new Grant(Role.FUNDER, "mopti-cercle", null, null, "afd"));
    assertThat(afdMopti.mayClaim(Permission.CLAIMS_READ, "utm-bamako", "afd")).isFalse();
  }

  @Test
  void noGrantsNoPermission_andAnAdministratorHasAll() {
    for (Permission p : Permission.values()) {
      assertThat(of().may(p)).isFalse();
      assertThat(of(Grant.administrator()).may(p, "any", "where")).isTrue();
    }
  }

  @Test
  void tokensAreStoredAsHashesAndParsedStrictly() {
    Tokens.Issued issued = Tokens.issue();
    assertThat(issued.token()).matches("keneya_[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
    Tokens.Presented presented = Tokens.parse(issued.token()).orElseThrow();
    assertThat(presented.id()).isEqualTo(issued.id());
    assertThat(Tokens.same(issued.secretHash(), presented.secretHash())).isTrue();
    assertThat(Tokens.same(issued.secretHash(), Tokens.parse(issued.token().substring(0, 24) + "A".repeat(43)).orElseThrow().secretHash()))
        .isFalse();
    assertThat(Tokens.parse("demo-admin-token-change-me")).isEmpty();
    assertThat(Tokens.parse(issued.token() + "x")).isEmpty();
  }

  @Test
  void passwordsAreSlowSaltedHashes() {
    String hash = Passwords.hash("Kenedougou-2026");
    assertThat(hash).startsWith("pbkdf2-sha256$600000$").doesNotContain("Kenedougou");
    assertThat(Passwords.hash("Kenedougou-2026")).isNotEqualTo(hash);
    assertThat(Passwords.matches("Kenedougou-2026", hash)).isTrue();
    assertThat(Passwords.matches("kenedougou-2026", hash)).isFalse();
    assertThat(Passwords.matches("anything", null)).isFalse();
    assertThat(Passwords.problem("short")).isPresent();
    assertThat(Passwords.problem("twelve chars")).isEmpty();
  }
}
