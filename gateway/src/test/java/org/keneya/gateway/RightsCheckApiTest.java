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
import org.keneya.adapters.pg.PaymentIntent;
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

    // By USSD from the centre's registered phone: digits alone, within its mutual.
    String centrePhone = "+22376000100";
    assertThat(gateway.ussd("centre-1", centrePhone, "").body()).startsWith("CON Keneya - CSCom de Konna").contains("Numéro de membre");
    String digits = number.substring(number.indexOf('-') + 1);
    String householdScreen = gateway.ussd("centre-1", centrePhone, digits).body();
    assertThat(householdScreen).startsWith("END " + number + "\n01 Mariam: couvert\n02 Issa: non couvert");
    gateway.ussd("centre-2", centrePhone, "");
    assertThat(gateway.ussd("centre-2", centrePhone, child.substring(child.indexOf('-') + 1).replace("-", "")).body())
        .startsWith("END " + child + " Issa Keita\nAucune cotisation");
    gateway.ussd("centre-3", centrePhone, "");
    assertThat(gateway.ussd("centre-3", centrePhone, "999999").body()).startsWith("END Aucun membre MOP-999999");
    gateway.ussd("centre-4", centrePhone, "");
    assertThat(gateway.ussd("centre-4", centrePhone, "12-3").body()).startsWith("END Numéro de membre illisible");

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
            "health-centre:cscom-konna member:" + number + " ussd", "health-centre:cscom-konna member:" + child + " ussd",
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
