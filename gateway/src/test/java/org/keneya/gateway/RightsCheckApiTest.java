package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.support.GatewayFixture;

/** A health centre checks a member's rights before care, with its account's API key, for the mutuals it serves only. */
class RightsCheckApiTest {
  static final String CENTRE_GRANT = "[{\"role\":\"health-centre\",\"healthCentre\":\"cscom-konna\"}]";
  private static GatewayFixture gateway;
  private static String CENTRE_TOKEN;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    CENTRE_TOKEN = gateway.systemKey("CSCom de Konna", CENTRE_GRANT);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpResponse<String> check(String number, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url("/api/v1/rights/" + number)));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return gateway.send(request.build());
  }

  private static String enrol(String mutual, String section, String product, String msisdn, String level) {
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"%s","section":"%s","product":"%s",%s"headName":"Mariam Keita","headMsisdn":"%s",
         "members":[{"name":"Issa Keita","birthYear":2016}]}""".formatted(mutual, section, product,
        level == null ? "" : "\"guaranteeLevel\":\"" + level + "\",", msisdn));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.body();
  }

  @Test
  void aCentreSeesEachPersonsRights_onlyForTheMutualsItServes_andEveryCheckIsAudited() {
    JsonObject household = new JsonObject(enrol("mopti-cercle", "konna", "mopti-annual", "+22378000001", null));
    UUID householdId = UUID.fromString(household.getString("id"));
    PgPayments payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
    List<UUID> persons = gateway.sql("SELECT id FROM member WHERE household_id = '" + householdId + "' ORDER BY member_number").stream()
        .map(r -> (UUID) r.get("id")).toList();
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 2, 0);
    PaymentIntent intent = payments.createIntent(householdId, List.of(persons.get(0)), "momo", "+22378000001", quote, "fr", "rights-check",
        Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
    LocalDate fourMonthsAgo = LocalDate.now(ZoneId.of("Africa/Bamako")).minusMonths(4);
    payments.confirm(intent.id(), "TX-RIGHTS", Money.of(quote.memberPays(), "XOF"), fourMonthsAgo).toCompletionStage().toCompletableFuture().join();
    String number = household.getString("memberNumber");

    HttpResponse<String> whole = check(number, CENTRE_TOKEN);
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
    JsonArray seen = new JsonObject(whole.body()).getJsonArray("persons");
    assertThat(seen).hasSize(2);
    assertThat(seen.getJsonObject(0).getString("status")).isEqualTo("OPEN");
    assertThat(seen.getJsonObject(0).getBoolean("covered")).isTrue();
    assertThat(seen.getJsonObject(0).getString("text")).startsWith("Droits ouverts jusqu'au ");
    assertThat(seen.getJsonObject(1).getString("status")).isEqualTo("NOT_PAID");
    assertThat(seen.getJsonObject(1).getBoolean("covered")).isFalse();

    // One person, by their own number, as written on their card (any case).
    String child = seen.getJsonObject(1).getString("memberNumber");
    JsonArray one = new JsonObject(check(child.toLowerCase(), CENTRE_TOKEN).body()).getJsonArray("persons");
    assertThat(one).singleElement().satisfies(p -> assertThat(((JsonObject) p).getString("memberNumber")).isEqualTo(child));

    // No credential, a wrong one: refused; another role: forbidden. Unknown numbers and other mutuals' members: not found.
    assertThat(check(number, null).statusCode()).isEqualTo(401);
    assertThat(check(number, "not-the-token-at-all-000000").statusCode()).isEqualTo(401);
    assertThat(check(number, gateway.systemKey("Comptable", "[{\"role\":\"accountant\",\"mutual\":\"mopti-cercle\"}]")).statusCode())
        .isEqualTo(403);
    assertThat(check("MOP-999999", CENTRE_TOKEN).statusCode()).isEqualTo(404);
    String urban = new JsonObject(enrol("utm-bamako", "commune-1", "urban-voluntary", "+22378000002", "combined")).getString("memberNumber");
    assertThat(check(urban, CENTRE_TOKEN).statusCode()).isEqualTo(404);

    // By USSD from the centre's registered phone: nothing before the mutual has set the centre's PIN.
    String centrePhone = "+22376000100";
    String digits = number.substring(number.indexOf('-') + 1);
    assertThat(gateway.ussd("centre-0", centrePhone, "").body()).startsWith("END Ce centre n'a pas encore de PIN");
    assertThat(gateway.ussd("centre-0", centrePhone, digits).body()).doesNotContain("couvert");
    assertThat(gateway.admin("PUT", "/api/v1/health-centres/cscom-konna/pin", "application/json", "{\"pin\":\"1234\"}").statusCode())
        .isEqualTo(400);
    assertThat(gateway.admin("PUT", "/api/v1/health-centres/cscom-konna/pin", "application/json", "{\"pin\":2468}").statusCode())
        .isEqualTo(400);
    assertThat(gateway.admin("PUT", "/api/v1/health-centres/nowhere/pin", "application/json", "{\"pin\":\"2468\"}").statusCode())
        .isEqualTo(404);
    assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/v1/health-centres/cscom-konna/pin")))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"pin\":\"2468\"}")).build()).statusCode())
        .as("behind the admin API's authorisation").isEqualTo(401);
    var set = gateway.admin("PUT", "/api/v1/health-centres/cscom-konna/pin", "application/json", "{\"pin\":\"2468\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(gateway.sql("SELECT pin_hash FROM centre_pin WHERE centre_id = 'cscom-konna'").get(0).get("pin_hash").toString())
        .startsWith("pbkdf2-sha256$600000$").doesNotContain("2468");

    // Then the PIN first, once per session, then digits alone, within its mutual.
    assertThat(gateway.ussd("centre-1", centrePhone, "").body()).startsWith("CON Keneya - CSCom de Konna").contains("PIN du centre")
        .doesNotContain("Numéro de membre");
    assertThat(gateway.ussd("centre-1", centrePhone, digits).body()).as("a member number is no PIN").startsWith("CON PIN incorrect (1/3)");
    assertThat(gateway.ussd("centre-1", centrePhone, digits + "*2468").body()).contains("Numéro de membre");
    assertThat(gateway.ussd("centre-1", centrePhone, digits + "*2468").body()).as("resent").contains("Numéro de membre");
    String householdScreen = gateway.ussd("centre-1", centrePhone, digits + "*2468*" + digits).body();
    assertThat(householdScreen).startsWith("END " + number + "\n01 Mariam: couvert\n02 Issa: non couvert");
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).as("the right PIN forgets the wrong one").isZero();
    // In Bambara ("0" on the PIN screen, never a PIN: nothing counted), in GSM spelling on this network.
    assertThat(gateway.ussd("centre-bm", centrePhone, "").body()).contains("0 Bamanankan");
    assertThat(gateway.ussd("centre-bm", centrePhone, "0").body()).contains("Josariyaw lajè", "Dògòtòròso ka PIN:");
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).isZero();
    assertThat(gateway.ussd("centre-bm", centrePhone, "0*2468").body()).contains("Tònden nimòrò");
    assertThat(gateway.ussd("centre-bm", centrePhone, "0*2468*" + digits).body()).startsWith("END " + number + "\n01 Mariam: a sòròla\n02 Issa: a ma sòrò");
    gateway.ussd("centre-2", centrePhone, "");
    gateway.ussd("centre-2", centrePhone, "2468");
    assertThat(gateway.ussd("centre-2", centrePhone, "2468*" + child.substring(child.indexOf('-') + 1).replace("-", "")).body())
        .startsWith("END " + child + " Issa Keita\nAucune cotisation");
    gateway.ussd("centre-3", centrePhone, "");
    gateway.ussd("centre-3", centrePhone, "2468");
    assertThat(gateway.ussd("centre-3", centrePhone, "2468*999999").body()).startsWith("END Aucun membre MOP-999999");
    assertThat(gateway.ussd("centre-3", centrePhone, "2468*12-3").body()).as("the session ended").doesNotContain("couvert");

    // Over freeflow GET the PIN screen is refused (proxies log query strings); nothing is checked.
    var byGet = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow?msisdn=%2B22376000100&sessionid="
        + gateway.session("centre-ff") + "&type=begin&input=*144%23"))).GET().build());
    assertThat(byGet.body()).startsWith("Service indisponible par cette voie");
    assertThat(byGet.headers().firstValue("Freeflow")).hasValue("FB");

    // Nobody else continues a centre's session, nor poses as the centre within their own.
    gateway.ussd("centre-4", centrePhone, "");
    var hijack = gateway.ussd("centre-4", "+22376999998", "2468");
    assertThat(hijack.statusCode()).isEqualTo(400);
    assertThat(hijack.body()).contains("opened by another phone number");
    assertThat(gateway.ussd("stranger-1", "+22376999998", "").statusCode()).isEqualTo(200);
    assertThat(gateway.ussd("stranger-1", centrePhone, "2468").statusCode()).isEqualTo(400);
    assertThat(gateway.ussd("stranger-1", centrePhone, "2468*" + digits).statusCode()).isEqualTo(400);
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).as("no PIN was checked for them").isZero();

    // By SMS from the same phone: DROITS and the number, answered once per inbound message.
    java.util.Map<String, String> sms = new java.util.LinkedHashMap<>(Map.of("from", "+22376000100", "to", "36444", "text",
        "droits " + digits, "id", "ATXid_in_1", "date", "2026-11-23 10:00:00"));
    assertThat(gateway.postForm("/sms/inbound", sms).body()).contains("answered");
    assertThat(gateway.postForm("/sms/inbound", sms).body()).contains("already_answered");
    assertThat(gateway.sql("SELECT payload->>'to' AS to, payload->>'message' AS m FROM outbox WHERE dedup_key LIKE 'sms-in:%'"))
        .singleElement().satisfies(row -> {
          assertThat(row.get("to")).isEqualTo("+22376000100");
          assertThat(row.get("m").toString()).startsWith(number + "\n01 Mariam: couvert");
        });
    sms.put("id", "ATXid_in_2");
    sms.put("text", "DROITS");
    gateway.postForm("/sms/inbound", sms);
    assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'sms-in:ATXid_in_2'").get(0).get("m").toString())
        .startsWith("Keneya: envoyez DROITS suivi du numéro de membre");
    // From any other phone it is a member's command: a number nobody knows learns no member's rights.
    gateway.postForm("/sms/inbound", Map.of("from", "+22376999999", "to", "36444", "text", "droits " + digits, "id", "ATXid_in_3"));
    assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'sms-in:ATXid_in_3'").get(0).get("m").toString())
        .startsWith("Keneya: ce numéro n'est lié à aucun foyer");
    assertThat(gateway.postForm("/sms/inbound", Map.of("from", "nobody", "text", "x", "id", "1")).statusCode()).isEqualTo(400);

    assertThat(gateway.sql("SELECT actor, subject, detail->>'channel' AS channel FROM audit_log WHERE action = 'rights.checked' ORDER BY id"))
        .extracting(r -> r.get("actor") + " " + r.get("subject") + " " + r.get("channel"))
        .containsExactly("CSCom de Konna member:" + number + " api", "CSCom de Konna member:" + child + " api",
            "health-centre:cscom-konna member:" + number + " ussd", "health-centre:cscom-konna member:" + number + " ussd",
            "health-centre:cscom-konna member:" + child + " ussd",
            "health-centre:cscom-konna member:" + number + " sms");
  }

  @Test
  void aProductWithANewWaitingPeriodAfterSuspension_waitsAgainAfterALapsedCover() {
    try (GatewayFixture own = new GatewayFixture(Map.of("KENEYA_PRODUCTS_0_NEW_WAITING_PERIOD_AFTER_SUSPENSION", "true"))) {
      var created = own.admin("POST", "/api/v1/households", "application/json", """
          {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Kadia Traore","headMsisdn":"+22378000009"}""");
      JsonObject household = new JsonObject(created.body());
      PgPayments payments = new PgPayments(own.app.pool(), own.config, new Messages(MessageCatalogues.loadShipped()));
      ContributionQuote quote = ContributionCalculator.quote(own.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
      LocalDate today = LocalDate.now(ZoneId.of("Africa/Bamako"));
      for (LocalDate paidOn : List.of(today.minusYears(3), today.minusDays(10))) {
        PaymentIntent intent = payments.createIntent(UUID.fromString(household.getString("id")), null, "momo", "+22378000009", quote, "fr",
            "again:" + paidOn, Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
        payments.confirm(intent.id(), "TX-" + paidOn, Money.of(quote.memberPays(), "XOF"), paidOn).toCompletionStage().toCompletableFuture().join();
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create(own.url("/api/v1/rights/" + household.getString("memberNumber"))))
          .header("Authorization", "Bearer " + own.systemKey("CSCom de Konna", CENTRE_GRANT)).build();
      JsonObject person = new JsonObject(own.send(request).body()).getJsonArray("persons").getJsonObject(0);
      // Suspended for two years, paid ten days ago: in a new waiting period, not covered yet.
      assertThat(person.getString("status")).isEqualTo("WAITING");
      assertThat(person.getBoolean("covered")).isFalse();
      // The receipt SMS of the second payment told the same.
      assertThat(own.sql("SELECT payload->>'message' AS m FROM outbox ORDER BY id DESC LIMIT 1").get(0).get("m").toString())
          .contains("observation");
    }
  }
}
