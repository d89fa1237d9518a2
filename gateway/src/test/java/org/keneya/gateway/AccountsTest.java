package org.keneya.gateway;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;

/**
 * Accounts and roles: every /api/v1 route refuses a request without a credential (401) and a role
 * it does not name (403); a credential of one mutual or section finds nothing of another (404);
 * people sign in for sessions that expire; disabled accounts open nothing; the audit log names the
 * authenticated account, never a name from the body.
 */
class AccountsTest {
  private static GatewayFixture gateway;
  /** Each role's key, scoped to Mopti's cercle mutual, its Konna section, the CSCom of Konna, the State. */
  private static final Map<String, String> keys = new LinkedHashMap<>();
  private static String noRole;

  /**
   * Who may call each route: the specification this test holds the code to. A route added without
   * an entry here fails {@link #everyApiRouteDeclaresItsRoles_refusingNoCredentialAndOtherRoles}.
   */
  private static final Map<String, Set<String>> ROUTES = Map.ofEntries(
      entry("GET /api/v1/mutuals", Set.of("administrator", "mutual-manager", "accountant", "section-agent")),
      entry("POST /api/v1/households", Set.of("administrator", "mutual-manager", "section-agent")),
      entry("POST /api/v1/households/import", Set.of("administrator", "mutual-manager", "section-agent")),
      entry("GET /api/v1/households/:id", Set.of("administrator", "mutual-manager", "section-agent")),
      entry("GET /api/v1/rights/:memberNumber", Set.of("administrator", "health-centre")),
      entry("POST /api/v1/collectors", Set.of("administrator", "mutual-manager")),
      entry("GET /api/v1/collectors/:id", Set.of("administrator", "mutual-manager", "section-agent")),
      entry("POST /api/v1/collectors/:id/unlock", Set.of("administrator", "mutual-manager")),
      entry("POST /api/v1/collectors/:id/remittances", Set.of("administrator", "mutual-manager")),
      entry("GET /api/v1/mutuals/:mutual/reports/collectors", Set.of("administrator", "mutual-manager", "accountant")),
      entry("POST /api/v1/receipts/:receiptNumber/reversal", Set.of("administrator", "mutual-manager")),
      entry("POST /api/v1/mutuals/:mutual/claims", Set.of("administrator", "mutual-manager")),
      entry("GET /api/v1/claims/:id", Set.of("administrator", "mutual-manager", "accountant", "funder")),
      entry("GET /api/v1/claims/:id/lines.csv", Set.of("administrator", "mutual-manager", "accountant", "funder")),
      entry("POST /api/v1/claims/:id/payment", Set.of("administrator", "mutual-manager")),
      entry("GET /api/v1/mutuals/:mutual/reports/monthly", Set.of("administrator", "mutual-manager", "accountant")),
      entry("GET /api/v1/mutuals/:mutual/reports/reminders", Set.of("administrator", "mutual-manager", "accountant")),
      entry("GET /api/v1/mutuals/:mutual/reports/reminders/:campaign", Set.of("administrator", "mutual-manager", "accountant")),
      entry("GET /api/v1/mutuals/:mutual/ledger/balances", Set.of("administrator", "mutual-manager", "accountant")),
      entry("POST /api/v1/wallets/:wallet/statements", Set.of("administrator")),
      entry("GET /api/v1/reconciliations/:id", Set.of("administrator")),
      entry("POST /api/v1/reconciliations/:id/bookings", Set.of("administrator")),
      entry("POST /api/v1/accounts", Set.of("administrator")),
      entry("GET /api/v1/accounts", Set.of("administrator")),
      entry("POST /api/v1/accounts/:id/disable", Set.of("administrator")),
      entry("POST /api/v1/accounts/:id/api-keys", Set.of("administrator")),
      entry("DELETE /api/v1/accounts/:id/api-keys/:key", Set.of("administrator")),
      entry("PUT /api/v1/accounts/:id/password", Set.of("administrator")),
      entry("PUT /api/v1/health-centres/:centreId/pin", Set.of("administrator")));

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    keys.put("administrator", gateway.adminKey);
    keys.put("mutual-manager", gateway.systemKey("Gestion Mopti", "[{\"role\":\"mutual-manager\",\"mutual\":\"mopti-cercle\"}]"));
    keys.put("accountant", gateway.systemKey("Comptable Mopti", "[{\"role\":\"accountant\",\"mutual\":\"mopti-cercle\"}]"));
    keys.put("section-agent", gateway.systemKey("Agent Konna",
        "[{\"role\":\"section-agent\",\"mutual\":\"mopti-cercle\",\"section\":\"konna\"}]"));
    keys.put("health-centre", gateway.systemKey("CSCom Konna", "[{\"role\":\"health-centre\",\"healthCentre\":\"cscom-konna\"}]"));
    keys.put("funder", gateway.systemKey("Etat", "[{\"role\":\"funder\",\"funder\":\"state\"}]"));
    noRole = gateway.systemKey("Sans role", "[]");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String concrete(String path) {
    return path.replace(":mutual", "mopti-cercle").replace(":id", UUID.randomUUID().toString())
        .replace(":receiptNumber", "MOP-R9999999").replace(":wallet", "momo").replace(":campaign", "none")
        .replace(":memberNumber", "MOP-999999").replace(":centreId", "cscom-konna").replace(":key", "0123456789abcdef");
  }

  private static HttpResponse<String> call(String credential, String route) {
    String method = route.substring(0, route.indexOf(' '));
    String path = concrete(route.substring(route.indexOf(' ') + 1));
    boolean body = method.equals("POST") || method.equals("PUT");
    return gateway.as(credential, method, path, body ? "application/json" : null, body ? "{}" : null);
  }

  @Test
  void everyApiRouteDeclaresItsRoles_refusingNoCredentialAndOtherRoles() {
    Map<String, Set<String>> registered = new TreeMap<>();
    for (var route : gateway.app.routes()) {
      if (!route.getValue().startsWith("/api/v1/")) continue;
      // Only the authentication in front of them all answers any method; every other route names its own.
      if (route.getKey().isEmpty()) assertThat(route.getValue()).as("a route for any method").isEqualTo("/api/v1/");
      for (String method : route.getKey()) registered.put(method + " " + route.getValue(), Set.of());
    }
    registered.remove("POST /api/v1/sign-in");
    assertThat(new TreeSet<>(registered.keySet())).isEqualTo(new TreeSet<>(ROUTES.keySet()));

    for (var route : new TreeMap<>(ROUTES).entrySet()) {
      assertThat(call(null, route.getKey()).statusCode()).as("%s without a credential", route.getKey()).isEqualTo(401);
      assertThat(call(noRole, route.getKey()).statusCode()).as("%s by an account without roles", route.getKey()).isEqualTo(403);
      for (var role : keys.entrySet()) {
        int status = call(role.getValue(), route.getKey()).statusCode();
        if (route.getValue().contains(role.getKey())) {
          assertThat(status).as("%s by %s", route.getKey(), role.getKey()).isNotIn(401, 403, 500);
        } else {
          assertThat(status).as("%s by %s", route.getKey(), role.getKey()).isEqualTo(403);
        }
      }
    }
  }

  private static String lastFinishedQuarter() {
    LocalDate previous = LocalDate.now(ZoneId.of("Africa/Bamako")).minusMonths(3);
    return previous.getYear() + "-Q" + ((previous.getMonthValue() - 1) / 3 + 1);
  }

  private static String enrol(String credential, String section, String msisdn) {
    HttpResponse<String> created = gateway.as(credential, "POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"%s","product":"mopti-annual","headName":"Oumou Sangare","headMsisdn":"%s"}"""
        .formatted(section, msisdn));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  @Test
  void aCredentialOfOneMutualOrSectionFindsNothingOfAnother_evenByIds() {
    String otherManager = gateway.systemKey("Gestion UTM", "[{\"role\":\"mutual-manager\",\"mutual\":\"utm-bamako\"}]");
    String otherAgent = gateway.systemKey("Agent Sio", "[{\"role\":\"section-agent\",\"mutual\":\"mopti-cercle\",\"section\":\"socoura\"}]");
    String afd = gateway.systemKey("AFD", "[{\"role\":\"funder\",\"funder\":\"afd\",\"mutual\":\"mopti-cercle\"}]");
    String manager = keys.get("mutual-manager");
    String agent = keys.get("section-agent");

    // Households: the agent enrols in its own section only, and reads only its section's.
    String konna = enrol(agent, "konna", "+22379100001");
    HttpResponse<String> elsewhere = gateway.as(agent, "POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"socoura","product":"mopti-annual","headName":"Awa Kone","headMsisdn":"+22379100002"}""");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(gateway.as(agent, "GET", "/api/v1/households/" + konna, null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(manager, "GET", "/api/v1/households/" + konna, null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(otherAgent, "GET", "/api/v1/households/" + konna, null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "GET", "/api/v1/households/" + konna, null, null).statusCode()).isEqualTo(404);
    HttpResponse<String> imported = gateway.as(agent, "POST", "/api/v1/households/import", "text/csv",
        "household,mutual,section,product,role,name,msisdn\nA,mopti-cercle,socoura,mopti-annual,head,Awa Kone,+22379100003\n");
    assertThat(new JsonObject(imported.body()).getInteger("created")).isZero();

    // Collectors, by id: read by their section's agent and their mutual's manager, nobody else's.
    HttpResponse<String> collector = gateway.admin("POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","name":"Bakary Coulibaly","msisdn":"+22376000301","pin":"4821"}""");
    assertThat(collector.statusCode()).as(collector.body()).isEqualTo(201);
    String collectorId = new JsonObject(collector.body()).getString("id");
    assertThat(gateway.as(agent, "GET", "/api/v1/collectors/" + collectorId, null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(otherAgent, "GET", "/api/v1/collectors/" + collectorId, null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "GET", "/api/v1/collectors/" + collectorId, null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "POST", "/api/v1/collectors/" + collectorId + "/unlock", "application/json", "{}").statusCode())
        .isEqualTo(404);
    assertThat(gateway.as(otherManager, "POST", "/api/v1/collectors/" + collectorId + "/remittances", "application/json", """
        {"slipReference":"BDM-1","institution":"bank","amount":1000,"depositedOn":"2026-01-05"}""").statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","name":"Intrus","msisdn":"+22376000302","pin":"4821"}""").statusCode()).isEqualTo(404);
    assertThat(gateway.count("SELECT count(*) FROM remittance")).isZero();

    // Claims, by id: the mutual's accountant and the funder it is addressed to; not another funder, not another mutual.
    HttpResponse<String> claim = gateway.as(manager, "POST", "/api/v1/mutuals/mopti-cercle/claims", "application/json",
        "{\"funder\":\"state\",\"quarter\":\"" + lastFinishedQuarter() + "\"}");
    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(201);
    String claimId = new JsonObject(claim.body()).getString("id");
    assertThat(gateway.as(keys.get("funder"), "GET", "/api/v1/claims/" + claimId, null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(keys.get("accountant"), "GET", "/api/v1/claims/" + claimId + "/lines.csv", null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(afd, "GET", "/api/v1/claims/" + claimId, null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "GET", "/api/v1/claims/" + claimId, null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "POST", "/api/v1/claims/" + claimId + "/payment", "application/json",
        "{\"paidOn\":\"2026-01-05\",\"reference\":\"VIR-1\"}").statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "POST", "/api/v1/mutuals/mopti-cercle/claims", "application/json",
        "{\"funder\":\"afd\",\"quarter\":\"" + lastFinishedQuarter() + "\"}").statusCode()).isEqualTo(404);

    // Mutual-wide data by path, and the list of mutuals.
    assertThat(gateway.as(keys.get("accountant"), "GET", "/api/v1/mutuals/mopti-cercle/ledger/balances", null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(keys.get("accountant"), "GET", "/api/v1/mutuals/utm-bamako/ledger/balances", null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "GET", "/api/v1/mutuals/mopti-cercle/reports/monthly", null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.as(otherManager, "GET", "/api/v1/mutuals/mopti-cercle/reports/collectors", null, null).statusCode()).isEqualTo(404);
    JsonArray seen = new JsonObject(gateway.as(otherManager, "GET", "/api/v1/mutuals", null, null).body()).getJsonArray("mutuals");
    assertThat(seen).extracting(m -> ((JsonObject) m).getString("id")).containsExactly("utm-bamako");
  }

  @Test
  void theAuditLogNamesTheAuthenticatedAccount_notTheNameInTheBody() {
    String manager = keys.get("mutual-manager");
    Object managerId = gateway.sql("SELECT id FROM account WHERE name = 'Gestion Mopti'").get(0).get("id");
    HttpResponse<String> collector = gateway.as(manager, "POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"mopti","name":"Sidi Traore","msisdn":"+22376000311","pin":"4821"}""");
    String id = new JsonObject(collector.body()).getString("id");
    assertThat(gateway.as(manager, "POST", "/api/v1/collectors/" + id + "/unlock", "application/json",
        "{\"unlockedBy\":\"Quelqu'un d'autre\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> claim = gateway.as(manager, "POST", "/api/v1/mutuals/mopti-cercle/claims", "application/json",
        "{\"funder\":\"afd\",\"quarter\":\"" + lastFinishedQuarter() + "\",\"createdBy\":\"Quelqu'un d'autre\"}");
    assertThat(new JsonObject(claim.body()).getString("createdBy")).isEqualTo("Gestion Mopti");
    assertThat(gateway.sql("SELECT actor, account_id FROM audit_log WHERE action IN ('collector.registered', 'collector.unlocked')"
        + " AND subject = '" + id + "'")).hasSize(2)
        .allSatisfy(row -> assertThat(row).containsEntry("actor", "Gestion Mopti").containsEntry("account_id", managerId));
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE actor LIKE '%autre%'")).isZero();

    // Enrolment too: who created a household is on record (a fake household could back a collector's fraud).
    HttpResponse<String> enrolled = gateway.as(keys.get("section-agent"), "POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Bintou Kone","headMsisdn":"+22376000312","members":[]}""");
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    Object agentId = gateway.sql("SELECT id FROM account WHERE name = 'Agent Konna'").get(0).get("id");
    assertThat(gateway.sql("SELECT actor, account_id FROM audit_log WHERE action = 'household.enrolled' AND subject = '"
        + new JsonObject(enrolled.body()).getString("memberNumber") + "'"))
        .singleElement().satisfies(row -> assertThat(row).containsEntry("actor", "Agent Konna").containsEntry("account_id", agentId));
  }

  @Test
  void anAdministratorCannotDisableTheirOwnAccount() {
    Object ownId = gateway.sql("SELECT id FROM account WHERE name = 'Test Administrator'").get(0).get("id");
    HttpResponse<String> refused = gateway.admin("POST", "/api/v1/accounts/" + ownId + "/disable", "application/json", "{}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(gateway.admin("GET", "/api/v1/accounts", null, null).statusCode()).isEqualTo(200);
  }

  private static JsonObject person(String login, String password, String grants) {
    HttpResponse<String> created = gateway.admin("POST", "/api/v1/accounts", "application/json",
        new JsonObject().put("kind", "person").put("name", "Personne " + login).put("login", login).put("password", password)
            .put("grants", new JsonArray(grants)).encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(password).doesNotContain("apiKey");
    return new JsonObject(created.body());
  }

  private static HttpResponse<String> signIn(String login, String password) {
    return gateway.as(null, "POST", "/api/v1/sign-in", "application/json",
        new JsonObject().put("login", login).put("password", password).encode());
  }

  @Test
  void aPersonSignsInForASessionThatExpiresWhenIdleOrOld_andEndsWithANewPassword() {
    JsonObject account = person("aminata.comptable", "Kenedougou-2026-bis", "[{\"role\":\"accountant\",\"mutual\":\"mopti-cercle\"}]");
    assertThat(signIn("aminata.comptable", "wrong-password-123").statusCode()).isEqualTo(401);
    HttpResponse<String> signedIn = signIn("Aminata.Comptable", "Kenedougou-2026-bis");
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
    String session = new JsonObject(signedIn.body()).getString("token");
    assertThat(gateway.as(session, "GET", "/api/v1/mutuals/mopti-cercle/ledger/balances", null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(session, "POST", "/api/v1/households", "application/json", "{}").statusCode()).isEqualTo(403);
    // Only hashes are stored.
    assertThat(gateway.count("SELECT count(*) FROM account WHERE login = 'aminata.comptable' AND password_hash LIKE 'pbkdf2-sha256$600000$%'")).isEqualTo(1);
    assertThat(gateway.count("SELECT count(*) FROM account_credential WHERE position(secret_hash IN convert_to('" + session + "', 'UTF8')) > 0"))
        .isZero();

    // Idle for more than 30 minutes: refused.
    String id = session.substring("keneya_".length(), session.indexOf('.'));
    gateway.sql("UPDATE account_credential SET last_used_at = now() - interval '31 minutes' WHERE id = '" + id + "' RETURNING id");
    assertThat(gateway.as(session, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);

    // Older than its 8 hours, however busy: refused.
    String second = new JsonObject(signIn("aminata.comptable", "Kenedougou-2026-bis").body()).getString("token");
    assertThat(gateway.count("SELECT extract(epoch FROM expires_at - created_at)::bigint FROM account_credential WHERE id = '"
        + second.substring(7, second.indexOf('.')) + "'")).isEqualTo(8 * 3600);
    gateway.sql("UPDATE account_credential SET expires_at = now() - interval '1 second' WHERE id = '"
        + second.substring(7, second.indexOf('.')) + "' RETURNING id");
    assertThat(gateway.as(second, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);

    // A new password ends the open sessions.
    String third = new JsonObject(signIn("aminata.comptable", "Kenedougou-2026-bis").body()).getString("token");
    assertThat(gateway.as(third, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.admin("PUT", "/api/v1/accounts/" + account.getString("id") + "/password", "application/json",
        "{\"password\":\"short\"}").statusCode()).isEqualTo(400);
    assertThat(gateway.admin("PUT", "/api/v1/accounts/" + account.getString("id") + "/password", "application/json",
        "{\"password\":\"Un-autre-mot-de-passe\"}").statusCode()).isEqualTo(200);
    assertThat(gateway.as(third, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);
    assertThat(signIn("aminata.comptable", "Kenedougou-2026-bis").statusCode()).isEqualTo(401);
    assertThat(signIn("aminata.comptable", "Un-autre-mot-de-passe").statusCode()).isEqualTo(200);
  }

  @Test
  void aDisabledAccountOrARevokedKeyOpensNothing_andListsShowNoSecret() {
    HttpResponse<String> created = gateway.admin("POST", "/api/v1/accounts", "application/json",
        "{\"kind\":\"system\",\"name\":\"Logiciel comptable\",\"grants\":[{\"role\":\"accountant\",\"mutual\":\"mopti-cercle\"}]}");
    JsonObject account = new JsonObject(created.body());
    String first = account.getString("apiKey");
    assertThat(first).startsWith("keneya_");
    assertThat(gateway.as(first, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);

    JsonObject issued = new JsonObject(gateway.admin("POST", "/api/v1/accounts/" + account.getString("id") + "/api-keys", null, null).body());
    String second = issued.getString("apiKey");
    assertThat(gateway.admin("DELETE", "/api/v1/accounts/" + account.getString("id") + "/api-keys/" + issued.getString("key"), null, null)
        .statusCode()).isEqualTo(200);
    assertThat(gateway.as(second, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);
    assertThat(gateway.as(first, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);
    // The key's id with another secret: refused.
    String forged = first.substring(0, first.indexOf('.') + 1) + "B".repeat(43);
    assertThat(gateway.as(forged, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);

    String list = gateway.admin("GET", "/api/v1/accounts", null, null).body();
    assertThat(list).contains("Logiciel comptable").doesNotContain(first.substring(first.indexOf('.') + 1))
        .doesNotContain("secret").doesNotContain("password_hash").doesNotContain("pbkdf2");

    assertThat(gateway.admin("POST", "/api/v1/accounts/" + account.getString("id") + "/disable", null, null).statusCode()).isEqualTo(200);
    assertThat(gateway.as(first, "GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(401);

    JsonObject person = person("moussa.gestion", "Moussa-gestion-2026", "[{\"role\":\"mutual-manager\",\"mutual\":\"mopti-cercle\"}]");
    assertThat(gateway.admin("POST", "/api/v1/accounts/" + person.getString("id") + "/disable", null, null).statusCode()).isEqualTo(200);
    assertThat(signIn("moussa.gestion", "Moussa-gestion-2026").statusCode()).isEqualTo(401);
    assertThat(gateway.sql("SELECT action, actor FROM audit_log WHERE action = 'account.disabled'"))
        .extracting(r -> r.get("actor")).containsOnly("Test Administrator");
  }

  @Test
  void grantsAreCheckedAgainstTheConfiguration() {
    HttpResponse<String> bad = gateway.admin("POST", "/api/v1/accounts", "application/json", """
        {"kind":"system","name":"X","grants":[{"role":"section-agent","mutual":"mopti-cercle"},{"role":"health-centre","healthCentre":"nowhere"},
          {"role":"funder","funder":"nobody"},{"role":"mutual-manager","mutual":"atlantis"},{"role":"king"}]}""");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("section-agent needs a section", "no healthCentres[].id nowhere", "no co-financing funder nobody",
        "unknown mutual", "grants[4].role");
  }
}
