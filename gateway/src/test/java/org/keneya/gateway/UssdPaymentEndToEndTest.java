package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.assertj.core.api.InstanceOfAssertFactories;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.adapters.Recorded;

/**
 * A household pays by USSD through the real HTTP routes, with WireMock as the MoMo and SMS APIs and
 * the test PostgreSQL and Redis behind the gateway.
 */
class UssdPaymentEndToEndTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void stubs() {
    gateway.momo.resetAll();
    gateway.sms.resetAll();
    org.keneya.gateway.support.PaidHouseholds.stubWalletAndSms(gateway);
  }

  private String enrolMoptiHouseholdOfSix(String msisdn) {
    String body = """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Amadou Traoré","headMsisdn":"%s",
         "members":[{"name":"Fatoumata Traoré","birthYear":1990},{"name":"Oumar Traoré","birthYear":2012},
                    {"name":"Awa Traoré","birthYear":2015},{"name":"Seydou Traoré"},{"name":"Kadiatou Traoré","birthYear":2020}]}
        """.formatted(msisdn);
    HttpResponse<String> created = gateway.admin("POST", "/api/v1/households", "application/json", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private String dialAndPay(String sessionId, String msisdn) {
    // Network 61001 is configured GSM7: the French "ç" is shown without its cedilla.
    assertThat(gateway.ussd(sessionId, msisdn, "").body()).startsWith("CON ").contains("1. Francais");
    assertThat(gateway.ussd(sessionId, msisdn, "1").body()).startsWith("CON ").contains("1. Payer ma cotisation");
    assertThat(gateway.ussd(sessionId, msisdn, "1*1").body()).startsWith("CON ").contains("1. Tout le foyer (6 pers.)");
    assertThat(gateway.ussd(sessionId, msisdn, "1*1*1").body())
        .startsWith("CON ").contains("6 pers. x 1 730 FCFA = 10 380 FCFA", "Adhésion: 1 000 FCFA", "Total: 11 380 FCFA");
    HttpResponse<String> last = gateway.ussd(sessionId, msisdn, "1*1*1*1");
    assertThat(last.body()).startsWith("END ").contains("11 380 FCFA");
    eventually(5, () -> gateway.momo.verify(1, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(msisdn.substring(1))))));
    LoggedRequest request = gateway.momo.findAll(postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(msisdn.substring(1))))).get(0);
    return request.getHeader("X-Reference-Id");
  }

  /** Plays hops of one session (each text cumulative, as Africa's Talking sends it); returns the last answer. */
  private String dial(String session, String msisdn, String... texts) {
    String body = null;
    for (String text : texts) body = gateway.ussd(session, msisdn, text).body();
    return body;
  }

  private void walletSays(String referenceId, String recordedStatus) {
    gateway.momo.stubFor(get(urlEqualTo("/collection/v1_0/requesttopay/" + referenceId)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read(recordedStatus))));
  }

  private HttpResponse<String> callback(String method, String referenceId, String body) {
    return gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/momo/" + referenceId)))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void householdPaysCallbackArrivesTwiceOneReceiptOneSmsBalancedJournal() throws Exception {
    String msisdn = "+22376123456";
    String householdId = enrolMoptiHouseholdOfSix(msisdn);
    String referenceId = dialAndPay("at-session-1", msisdn);

    LoggedRequest request = gateway.momo.findAll(postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))).get(0);
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + new JsonObject(Recorded.read("momo/token.json")).getString("access_token"));
    assertThat(request.getHeader("X-Target-Environment")).isEqualTo("sandbox");
    assertThat(request.getHeader("X-Callback-Url")).isEqualTo("http://gateway.example/callbacks/momo/" + referenceId);
    assertThat(request.getHeader("Ocp-Apim-Subscription-Key")).isEqualTo("demo-subscription-key");
    JsonObject body = new JsonObject(request.getBodyAsString());
    assertThat(body.getString("amount")).isEqualTo("11380");
    assertThat(body.getString("currency")).isEqualTo("XOF");
    assertThat(UUID.fromString(referenceId)).isNotNull();

    // The wallet confirms, and calls back twice at the same moment, once by PUT and once by POST.
    walletSays(referenceId, "momo/status-successful.json");
    String callbackBody = Recorded.read("momo/status-successful.json");
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> callback("PUT", referenceId, callbackBody));
    CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> callback("POST", referenceId, callbackBody));
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(second.get().statusCode()).isEqualTo(200);
    assertThat(callback("PUT", referenceId, callbackBody).statusCode()).isEqualTo(200);

    assertThat(gateway.count("SELECT count(*) FROM receipt")).isEqualTo(1);
    Map<String, Object> receipt = gateway.sql("SELECT * FROM receipt").get(0);
    assertThat(receipt.get("receipt_number")).isEqualTo("MOP-R0000001");
    assertThat(receipt.get("amount")).isEqualTo(11380L);
    assertThat(receipt.get("member_share")).isEqualTo(10380L);
    assertThat(receipt.get("adhesion_fee")).isEqualTo(1000L);
    assertThat(receipt.get("contribution")).isEqualTo(51900L);
    assertThat(gateway.count("SELECT count(*) FROM receipt_member")).as("every person is covered").isEqualTo(6);
    assertThat(gateway.sql("SELECT status, provider_transaction_id FROM payment_intent").get(0))
        .containsEntry("status", "SUCCESSFUL").containsEntry("provider_transaction_id", "363440463");

    // One journal entry, balanced, with the co-financing shares as receivables and 3 % of the contribution to the guarantee fund.
    assertThat(gateway.count("SELECT count(*) FROM journal_entry")).isEqualTo(1);
    assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();
    List<Map<String, Object>> postings = gateway.sql("SELECT account, amount FROM posting ORDER BY account");
    assertThat(postings).extracting(r -> r.get("account") + "=" + r.get("amount")).containsExactly(
        "adhesion-income=-1000", "contribution-income:mopti-annual=-51900", "guarantee-fund=-1557", "guarantee-fund-allocation=1557",
        "subsidy-receivable:afd=15570",
        "subsidy-receivable:state=25950", "wallet-clearing:momo=11380");

    // Exactly one receipt SMS, through the Africa's Talking API, with amount, number and rights.
    eventually(10, () -> gateway.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging"))));
    LoggedRequest sms = gateway.sms.findAll(postRequestedFor(urlEqualTo("/version1/messaging"))).get(0);
    assertThat(sms.getHeader("apiKey")).isEqualTo("demo-sms-api-key");
    String form = java.net.URLDecoder.decode(sms.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(form).contains("to=+22376123456", "username=sandbox", "MOP-R0000001", "11 380 FCFA", "observation");
    // Every SMS leaves through the outbox: one row, sent, is one SMS now and later (no need to wait and see).
    eventually(5, () -> assertThat(gateway.sql("SELECT status, result FROM outbox WHERE topic = 'sms'"))
        .singleElement(InstanceOfAssertFactories.map(String.class, Object.class))
        .containsEntry("status", "DONE").containsEntry("result", "ATXid_5a4d3a0d1c2b3e4f5a6b7c8d9e0f1a2b"));
    gateway.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging")));

    // The household now shows its receipt and rights; the USSD menus show them too.
    JsonObject household = new JsonObject(gateway.admin("GET", "/api/v1/households/" + householdId, null, null).body());
    assertThat(household.getJsonObject("rights").getString("status")).isEqualTo("WAITING");
    assertThat(household.getLong("amountDue")).isZero();
    assertThat(household.getJsonArray("receipts")).hasSize(1);
    assertThat(dial("at-session-2", msisdn, "", "1", "1*3")).startsWith("CON ")
        .contains("MOP-R0000001", "11 380 FCFA", "Mobile Money", "1. Recevoir par SMS");
    assertThat(gateway.ussd("at-session-2", msisdn, "1*3*1").body()).startsWith("END ").contains("SMS");
    assertThat(gateway.ussd("at-session-2", msisdn, "1*3*1").body()).as("resent").startsWith("END ");
    eventually(10, () -> gateway.sms.verify(2, postRequestedFor(urlEqualTo("/version1/messaging"))));
    String receiptsSms = java.net.URLDecoder.decode(gateway.sms.findAll(postRequestedFor(urlEqualTo("/version1/messaging"))).get(1)
        .getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(receiptsSms).contains("to=+22376123456", "MOP-000001", "MOP-R0000001", "11 380 FCFA Mobile Money");
    assertThat(dial("at-session-3", msisdn, "", "1", "1*2")).startsWith("END ")
        .contains("Tout le foyer (6 pers.): en observation, droits le");
  }

  @Test
  void resentHopsGetTheSameAnswerAndStartOnePayment() {
    String msisdn = "+22376111111";
    enrolMoptiHouseholdOfSix(msisdn);
    dial("at-resend", msisdn, "", "1", "1*1", "1*1*1");
    String first = gateway.ussd("at-resend", msisdn, "1*1*1*1").body();
    String again = gateway.ussd("at-resend", msisdn, "1*1*1*1").body();
    assertThat(again).isEqualTo(first).startsWith("END ");
    eventually(5, () -> gateway.momo.verify(1, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo("22376111111")))));
    assertThat(gateway.count("SELECT count(*) FROM payment_intent p JOIN household h ON h.id = p.household_id WHERE h.head_msisdn = '"
        + msisdn + "'")).isEqualTo(1);
    // A second session while the first payment is pending is told so rather than charged twice.
    assertThat(dial("at-resend-2", msisdn, "", "1", "1*1")).startsWith("END ").contains("déjà en cours");
  }

  @Test
  void aSessionStaysWithTheNumberThatOpenedIt() {
    String victim = "+22376555001";
    String attacker = "+22376555002";
    enrolMoptiHouseholdOfSix(victim);
    // A session opened from the attacker's phone, continued naming the victim's number: refused, nothing shown or asked.
    assertThat(gateway.ussd("hijack-1", attacker, "").statusCode()).isEqualTo(200);
    for (String text : java.util.List.of("1", "1*1", "1*1*1", "1*1*1*1")) {
      HttpResponse<String> posing = gateway.ussd("hijack-1", victim, text);
      assertThat(posing.statusCode()).isEqualTo(400);
      assertThat(posing.body()).isEqualTo("this USSD session was opened by another phone number; a session cannot change numbers")
          .doesNotContain("Foyer");
    }
    // The victim's own session, continued by another number at its payment screen: refused too.
    assertThat(dial("hijack-2", victim, "", "1", "1*1", "1*1*1")).contains("Total: 11 380 FCFA");
    assertThat(gateway.ussd("hijack-2", attacker, "1*1*1*1").statusCode()).isEqualTo(400);
    assertThat(gateway.count("SELECT count(*) FROM payment_intent p JOIN household h ON h.id = p.household_id WHERE h.head_msisdn = '"
        + victim + "'")).as("nothing acted upon").isZero();
    gateway.momo.verify(0, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay")));
    // The same session id on the other protocol is another session; the owner goes on undisturbed.
    HttpResponse<String> freeflow = gateway.postForm("/ussd/freeflow", java.util.Map.of("msisdn", attacker, "sessionid", gateway.session("hijack-2"),
        "type", "begin", "input", "*144#"));
    assertThat(freeflow.statusCode()).isEqualTo(200);
    assertThat(dial("hijack-2", victim, "1*1*1*2")).startsWith("END ").contains("annulé");
    assertThat(gateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url("/metrics"))).build()).body())
        .contains("keneya_ussd_hops_total{outcome=\"session_hijack\"} 5.0");
  }

  @Test
  void anOlderHopDeliveredLateChangesNothing() {
    String msisdn = "+22376888000";
    enrolMoptiHouseholdOfSix(msisdn);
    String confirm = dial("at-late", msisdn, "", "1", "1*1", "1*1*1");
    assertThat(confirm).startsWith("CON ").contains("Total: 11 380 FCFA");
    // The aggregator delivers the "1*1" hop again after "1*1*1": its "1" must not confirm the payment.
    assertThat(dial("at-late", msisdn, "1*1")).isEqualTo(confirm);
    assertThat(dial("at-late", msisdn, "")).isEqualTo(confirm);
    assertThat(gateway.count("SELECT count(*) FROM payment_intent p JOIN household h ON h.id = p.household_id WHERE h.head_msisdn = '"
        + msisdn + "'")).isZero();
    assertThat(dial("at-late", msisdn, "1*1*1*2")).startsWith("END ").contains("annulé");
  }

  @Test
  void callbackIsBelievedOnlyWhenTheWalletConfirmsIt() {
    String msisdn = "+22376222222";
    enrolMoptiHouseholdOfSix(msisdn);
    String referenceId = dialAndPay("at-forged", msisdn);
    // A forged "SUCCESSFUL" callback while the wallet still says PENDING books nothing.
    assertThat(callback("POST", referenceId, Recorded.read("momo/status-successful.json")).statusCode()).isEqualTo(200);
    assertThat(gateway.count("SELECT count(*) FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id WHERE p.id = '"
        + referenceId + "'")).isZero();
    // Unknown references and garbage are refused.
    assertThat(callback("POST", UUID.randomUUID().toString(), "{}").statusCode()).isEqualTo(404);
    assertThat(callback("POST", "not-a-reference", "{}").statusCode()).isEqualTo(404);
    // The wallet says it failed: the payment is failed, no receipt, and the member may pay again.
    walletSays(referenceId, "momo/status-failed.json");
    assertThat(callback("PUT", referenceId, "garbage").statusCode()).isEqualTo(400);
    assertThat(gateway.sql("SELECT status FROM payment_intent WHERE id = '" + referenceId + "'").get(0)).containsEntry("status", "PENDING");
    assertThat(callback("PUT", referenceId, "{}").statusCode()).isEqualTo(200);
    assertThat(gateway.sql("SELECT status, failure_reason FROM payment_intent WHERE id = '" + referenceId + "'").get(0))
        .containsEntry("status", "FAILED").containsEntry("failure_reason", "APPROVAL_REJECTED");
    // The wallet cannot be asked: 503 so that it calls again; nothing booked.
    gateway.momo.stubFor(get(urlEqualTo("/collection/v1_0/requesttopay/" + referenceId)).willReturn(aResponse().withStatus(500)));
    assertThat(callback("PUT", referenceId, "{}").statusCode()).isEqualTo(503);
    assertThat(gateway.count("SELECT count(*) FROM receipt WHERE payment_intent_id = '" + referenceId + "'")).isZero();
  }

  @Test
  void aDroppedPaymentIsResumedAndCoversOnlyThePersonChosen() {
    String msisdn = "+22376333333";
    String householdId = enrolMoptiHouseholdOfSix(msisdn);
    assertThat(dial("at-dropped", msisdn, "", "1", "1*1", "1*1*2")).contains("(0/6 choisis)", "1.[ ] Amadou Traoré");
    assertThat(gateway.ussd("at-dropped", msisdn, "1*1*2*3").body()).contains("(1/6 choisis)", "3.[x] Oumar Traoré");
    // The network drops the session; the member dials again within the session lifetime.
    String offer = gateway.ussd("at-redial", msisdn, "").body();
    assertThat(offer).startsWith("CON ").contains("interrompu", "1. Reprendre");
    assertThat(gateway.ussd("at-redial", msisdn, "1").body()).contains("(1/6 choisis)", "3.[x] Oumar Traoré");
    assertThat(gateway.ussd("at-redial", msisdn, "1*99").body()).contains("1 pers. x 1 730 FCFA = 1 730 FCFA", "Total: 2 730 FCFA");
    assertThat(gateway.ussd("at-redial", msisdn, "1*99*1").body()).startsWith("END ").contains("2 730 FCFA");
    // Once asked, it is not offered again.
    assertThat(gateway.ussd("at-redial-2", msisdn, "").body()).contains("1. Francais");

    eventually(5, () -> gateway.momo.verify(1, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))));
    String referenceId = gateway.momo.findAll(postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))).get(0).getHeader("X-Reference-Id");
    // The recorded confirmation, for this payment's amount and with a transaction id of its own.
    gateway.momo.stubFor(get(urlEqualTo("/collection/v1_0/requesttopay/" + referenceId)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("momo/status-successful.json").replace("\"11380\"", "\"2730\"").replace("363440463", "363440999"))));
    assertThat(callback("PUT", referenceId, "{}").statusCode()).isEqualTo(200);
    assertThat(gateway.sql("SELECT m.name FROM receipt_member c JOIN member m ON m.id = c.member_id WHERE m.household_id = '"
        + householdId + "'"))
        .extracting(r -> r.get("name")).containsExactly("Oumar Traoré");
    String rights = gateway.ussd("at-rights", msisdn, "").body() + gateway.ussd("at-rights", msisdn, "1").body()
        + gateway.ussd("at-rights", msisdn, "1*2").body() + gateway.ussd("at-rights", msisdn, "1*2*0").body();
    assertThat(rights).contains("Oumar Traoré: en observation, droits le", "Amadou Traoré: pas encore payé");
    JsonObject household = new JsonObject(gateway.admin("GET", "/api/v1/households/" + householdId, null, null).body());
    assertThat(household.getJsonArray("members").getJsonObject(2).getJsonObject("rights").getString("status")).isEqualTo("WAITING");
    assertThat(household.getJsonArray("members").getJsonObject(0).getJsonObject("rights").getString("status")).isEqualTo("NOT_PAID");
  }

  @Test
  void twoSessionsConfirmingAtOnceStartOnePayment() {
    String msisdn = "+22376777000";
    enrolMoptiHouseholdOfSix(msisdn);
    assertThat(dial("at-twin-1", msisdn, "", "1", "1*1", "1*1*1")).contains("Total: 11 380 FCFA");
    // A second phone session of the same number takes up the same payment, to the same screen.
    assertThat(gateway.ussd("at-twin-2", msisdn, "").body()).contains("interrompu");
    assertThat(gateway.ussd("at-twin-2", msisdn, "1").body()).contains("Total: 11 380 FCFA");
    // Both confirm: the first asks the wallet, the second is told a payment is under way.
    assertThat(gateway.ussd("at-twin-1", msisdn, "1*1*1*1").body()).startsWith("END ").contains("demandé");
    assertThat(gateway.ussd("at-twin-2", msisdn, "1*1").body()).startsWith("END ").contains("déjà en cours");
    assertThat(gateway.count("SELECT count(*) FROM payment_intent p JOIN household h ON h.id = p.household_id WHERE h.head_msisdn = '"
        + msisdn + "'")).isEqualTo(1);
  }

  @Test
  void eachNetworkGetsTheSpellingItsPhonesCanShow() {
    String msisdn = "+22376444444";
    enrolMoptiHouseholdOfSix(msisdn);
    // 61002 is configured UNICODE: Bambara in its own letters on a screen that fits a UCS-2 string (80 characters),
    // in the fallback spelling on a longer one; 61001 GSM7: the fallback spelling.
    assertThat(gateway.ussd("at-unicode", msisdn, "", "61002").body()).contains("1. Français");
    assertThat(gateway.ussd("at-unicode", msisdn, "2", "61002").body()).as("longer than 80").contains("1. Ka n ka sara kè", "5. Dèmè");
    assertThat(gateway.ussd("at-unicode", msisdn, "2*1", "61002").body()).contains("Sara kɛ jɔn ye?", "(mɔgɔ 6)");
    gateway.ussd("at-unicode", msisdn, "2*1*00", "61002");
    assertThat(gateway.ussd("at-gsm", msisdn, "", "61001").body()).contains("1. Francais");
    assertThat(gateway.ussd("at-gsm", msisdn, "2", "61001").body()).contains("1. Ka n ka sara kè", "5. Dèmè");
    // Unknown networks get the configured default, GSM7.
    assertThat(gateway.ussd("at-other", msisdn, "", "99999").body()).contains("1. Francais");
  }

  @Test
  void householdListAndHelpAnswerFromTheStoredHousehold() {
    String msisdn = "+22376555555";
    enrolMoptiHouseholdOfSix(msisdn);
    String list = dial("at-household", msisdn, "", "1", "1*4") + dial("at-household", msisdn, "1*4*0");
    assertThat(list).contains("Foyer MOP-", "(6 pers.)", "01 Amadou Traoré", "06 Kadiatou Traoré");
    assertThat(dial("at-help", msisdn, "", "1", "1*5")).startsWith("END ").contains("section Konna: Section Konna 21 43 00 02");
  }

  @Test
  void aNumberOverItsRateLimitIsAnsweredPolitely() {
    try (GatewayFixture limited = new GatewayFixture(Map.of("KENEYA_USSD_RATE_LIMIT_HOPS", "3", "KENEYA_USSD_RATE_LIMIT_WINDOW_SECONDS", "60"))) {
      for (int i = 0; i < 3; i++) assertThat(limited.ussd("at-limit-" + i, "+22376666666", "").body()).startsWith("CON ");
      HttpResponse<String> refused = limited.ussd("at-limit-4", "+22376666666", "");
      assertThat(refused.statusCode()).isEqualTo(200);
      assertThat(refused.body()).startsWith("END ").contains("Trop de demandes");
      assertThat(limited.ussd("at-limit-5", "+22376666667", "").body()).as("other numbers are served").startsWith("CON ");
      String metrics = limited.send(HttpRequest.newBuilder(URI.create(limited.url("/metrics"))).build()).body();
      assertThat(metrics).contains("outcome=\"rate_limited\"");
    }
  }

  @Test
  void unknownNumberIsToldWhomToContact() {
    gateway.ussd("at-unknown", "+22370000001", "");
    HttpResponse<String> answer = gateway.ussd("at-unknown", "+22370000001", "1");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("END ").contains("aucun foyer", "UTM Bamako");
  }

  @Test
  void malformedUssdRequestsGetA400NotAStackTrace() {
    assertThat(gateway.postForm("/ussd/at", Map.of("sessionId", "x")).statusCode()).isEqualTo(400);
    assertThat(gateway.postForm("/ussd/at", Map.of("phoneNumber", "+22376123456")).statusCode()).isEqualTo(400);
    assertThat(gateway.postForm("/ussd/at", Map.of("sessionId", "x", "phoneNumber", "hello")).body()).contains("phoneNumber");
    HttpResponse<String> json = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/at")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).doesNotContain("Exception");
  }

  @Test
  void healthAndMetricsAnswer() {
    assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/health"))).build()).body()).contains("UP");
    gateway.ussd("at-metrics", "+22370000002", "");
    String metrics = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/metrics"))).build()).body();
    assertThat(metrics).contains("keneya_ussd_hops_total");
  }
}
