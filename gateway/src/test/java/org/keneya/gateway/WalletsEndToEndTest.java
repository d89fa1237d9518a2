package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.adapters.wave.WaveWebhooks;
import org.keneya.gateway.support.GatewayFixture;

/**
 * Several wallets at once, as a Malian deployment runs them: Orange Money by USSD push for Orange
 * numbers, Wave (link by SMS) for anyone. Routing by number, the choice screen, signed webhooks,
 * forged and repeated ones, a push whose answer was lost, and an operator whose circuit opens.
 */
class WalletsEndToEndTest {
  static final String WAVE_SECRET = "test-wave-webhook-secret";
  private static final AtomicInteger NUMBERS = new AtomicInteger(10);
  private static final WireMockServer orange = new WireMockServer(options().dynamicPort());
  private static final WireMockServer wave = new WireMockServer(options().dynamicPort());
  private static GatewayFixture gateway;

  static String walletsYaml(String orangeUrl, String waveUrl, int windowCalls) {
    return """
        wallets:
          - id: orange
            name: "Orange Money"
            api: ORANGE_MONEY
            prefixes: ["+2237"]
            networkCodes: ["61002"]
            baseUrl: "%s"
            callbackBaseUrl: "http://gateway.example"
            timeoutMillis: 800
            resilience: { failureRatePercent: 50, windowCalls: %d, openSeconds: 60, maxConcurrentCalls: 20, retries: 1, retryBackoffMillis: 50 }
            orangeMoney: { clientId: "client-id", clientSecret: "client-secret", authToken: "x-auth", channelUserMsisdn: "77889900", pin: "4321", currency: XOF }
          - id: wave
            name: "Wave"
            api: WAVE
            prefixes: []
            networkCodes: []
            baseUrl: "%s"
            callbackBaseUrl: "http://gateway.example"
            timeoutMillis: 800
            resilience: { failureRatePercent: 50, windowCalls: 20, openSeconds: 60, maxConcurrentCalls: 20, retries: 1, retryBackoffMillis: 50 }
            wave: { apiKey: "wave-api-key", webhookSecret: "%s", webhookSecurity: SIGNING, successUrl: "https://keneya.example/paid", errorUrl: "https://keneya.example/not-paid" }
        """.formatted(orangeUrl, windowCalls, waveUrl, WAVE_SECRET);
  }

  @BeforeAll
  static void start() {
    orange.start();
    wave.start();
    gateway = new GatewayFixture(walletsYaml(orange.baseUrl(), wave.baseUrl(), 20),
        Map.of("KENEYA_PAYMENTS_POLL_AFTER_SECONDS", "1", "KENEYA_PAYMENTS_POLL_INTERVAL_SECONDS", "1"));
    stubOrangeAndWave(orange, wave);
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("africastalking/sent.json"))));
  }

  static void stubOrangeAndWave(WireMockServer orange, WireMockServer wave) {
    orange.stubFor(post("/token").willReturn(json(Recorded.read("orange/token.json"))));
    orange.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(json(Recorded.read("orange/init.json"))));
    orange.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(json(Recorded.read("orange/pay-pending.json"))));
    // Wave answers the session it created, for the client reference it was given.
    wave.stubFor(post("/v1/checkout/sessions").willReturn(json(Recorded.read("wave/session-open.json")
        .replace("0b6c3c1e-5f0d-4b7e-9a51-2d7f0f6e8a42", "{{jsonPath request.body '$.client_reference'}}")
        .replace("cos-1b01sghpg100j", "cos-{{jsonPath request.body '$.client_reference'}}")
        .replace("\"1730\"", "\"{{jsonPath request.body '$.amount'}}\""))
        .withTransformers("response-template")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    orange.stop();
    wave.stop();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** A household of one (1,730 FCFA + 1,000 adhesion = 2,730 FCFA), its head on {@code prefix}. */
  private static String enrol(GatewayFixture gateway, String prefix) {
    String msisdn = prefix + String.format("%06d", NUMBERS.incrementAndGet());
    assertThat(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"sio","product":"mopti-annual","headName":"Hawa Cisse","headMsisdn":"%s"}"""
        .formatted(msisdn)).statusCode()).isEqualTo(201);
    return msisdn;
  }

  /** Dials through to the confirmation screen and confirms; returns the screen after "1. Payer". */
  private static String dialToPay(GatewayFixture gateway, String session, String msisdn) {
    gateway.ussd(session, msisdn, "");
    gateway.ussd(session, msisdn, "1");
    assertThat(gateway.ussd(session, msisdn, "1*1").body()).contains("Total: 2 730 FCFA");
    return gateway.ussd(session, msisdn, "1*1*1").body();
  }

  private static String intentOf(GatewayFixture gateway, String msisdn) {
    return gateway.sql("SELECT id::text AS id FROM payment_intent WHERE payer_msisdn = '" + msisdn + "'").get(0).get("id").toString();
  }

  private static HttpResponse<String> waveWebhook(String body, long timestamp, String secret) {
    return waveWebhook(body, body, timestamp, secret);
  }

  /** A webhook carrying {@code body}, signed as if it carried {@code signed}. */
  private static HttpResponse<String> waveWebhook(String body, String signed, long timestamp, String secret) {
    return gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/wave")))
        .header("Content-Type", "application/json").header("Wave-Signature", WaveWebhooks.signatureHeader(secret, timestamp, signed))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }


  private static String waveEvent(String eventId, String type, String reference, String amount) {
    JsonObject event = new JsonObject(Recorded.read("wave/event-completed.json")).put("id", eventId).put("type", type);
    JsonObject data = event.getJsonObject("data").put("client_reference", reference).put("id", "cos-" + reference).put("amount", amount);
    if (type.endsWith("payment_failed")) {
      data.put("payment_status", "cancelled").put("checkout_status", "open")
          .put("last_payment_error", new JsonObject().put("code", "insufficient-client-funds").put("message", "Solde insuffisant"));
    }
    return event.encode();
  }

  private static void assertOneBalancedReceipt(GatewayFixture gateway, String intentId) {
    assertThat(gateway.count("SELECT count(*) FROM receipt WHERE payment_intent_id = '" + intentId + "'")).isEqualTo(1);
    assertThat(gateway.count("""
        SELECT count(*) FROM journal_entry j JOIN receipt r ON r.id = j.receipt_id WHERE r.payment_intent_id = '%s'""".formatted(intentId)))
        .isEqualTo(1);
    assertThat(gateway.count("""
        SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN journal_entry j ON j.id = p.entry_id JOIN receipt r ON r.id = j.receipt_id
         WHERE r.payment_intent_id = '%s'""".formatted(intentId))).isZero();
  }

  @Test
  void anOrangeNumberChoosesItsOperatorOrWave_andAWavePaymentIsBookedOnceFromItsSignedWebhook() {
    String msisdn = enrol(gateway, "+2237");
    String choice = dialToPay(gateway, "wave-choice", msisdn);
    assertThat(choice).startsWith("CON ").contains("Payer avec:", "1. Orange Money", "2. Wave");
    String requested = gateway.ussd("wave-choice", msisdn, "1*1*1*2").body();
    assertThat(requested).startsWith("END ").contains("lien Wave");
    String intent = intentOf(gateway, msisdn);

    // The checkout is created for this member only, and its link goes to them by SMS.
    eventually(5, () -> wave.verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
        .withRequestBody(matchingJsonPath("$.client_reference", com.github.tomakehurst.wiremock.client.WireMock.equalTo(intent)))
        .withRequestBody(matchingJsonPath("$.restrict_payer_mobile", com.github.tomakehurst.wiremock.client.WireMock.equalTo(msisdn)))
        .withRequestBody(matchingJsonPath("$.amount", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2730")))));
    eventually(5, () -> assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'payment-link:" + intent + "'"))
        .singleElement().satisfies(row -> assertThat(row.get("m").toString()).contains("https://pay.wave.com/c/cos-" + intent)));
    assertThat(gateway.sql("SELECT status, provider_reference FROM payment_intent WHERE id = '" + intent + "'").get(0))
        .containsEntry("status", "PENDING").containsEntry("provider_reference", "cos-" + intent);

    long now = System.currentTimeMillis() / 1000;
    String completed = waveEvent("AE_first", "checkout.session.completed", intent, "2730");
    // Forged: wrong secret, tampered body, stale timestamp, no signature. Nothing is booked.
    assertThat(waveWebhook(completed, now, "not-the-secret").statusCode()).isEqualTo(401);
    assertThat(waveWebhook(completed.replace("2730", "27300"), completed, now, WAVE_SECRET).statusCode()).isEqualTo(401);
    assertThat(waveWebhook(completed, now - 600, WAVE_SECRET).statusCode()).isEqualTo(401);
    assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/wave")))
        .POST(HttpRequest.BodyPublishers.ofString(completed)).build()).statusCode()).isEqualTo(401);
    assertThat(gateway.count("SELECT count(*) FROM receipt WHERE payment_intent_id = '" + intent + "'")).isZero();
    assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/metrics"))).build()).body())
        .contains("keneya_callbacks_total{outcome=\"forged\",provider=\"wave\"} 4.0");

    // A failed attempt first (the member retries the same link), then the success, twice, and under another event id.
    assertThat(waveWebhook(waveEvent("AE_failed", "checkout.session.payment_failed", intent, "2730"), now, WAVE_SECRET).statusCode())
        .isEqualTo(200);
    assertThat(gateway.sql("SELECT status FROM payment_intent WHERE id = '" + intent + "'").get(0)).containsEntry("status", "FAILED");
    HttpResponse<String> booked = waveWebhook(completed, now, WAVE_SECRET);
    assertThat(booked.statusCode()).isEqualTo(200);
    assertThat(booked.body()).contains("applied");
    assertThat(waveWebhook(completed, now, WAVE_SECRET).body()).contains("duplicate");
    assertThat(waveWebhook(waveEvent("AE_again", "checkout.session.completed", intent, "2730"), now, WAVE_SECRET).statusCode())
        .isEqualTo(200);
    assertOneBalancedReceipt(gateway, intent);
    assertThat(gateway.sql("SELECT channel, amount FROM receipt WHERE payment_intent_id = '" + intent + "'").get(0))
        .containsEntry("channel", "wallet:wave").containsEntry("amount", 2730L);
    assertThat(gateway.sql("SELECT status, provider_transaction_id FROM payment_intent WHERE id = '" + intent + "'").get(0))
        .containsEntry("status", "SUCCESSFUL").containsEntry("provider_transaction_id", "T_46HS5COOWE");
    // The member sees the wallet by its name among their receipts.
    gateway.ussd("wave-receipts", msisdn, "");
    gateway.ussd("wave-receipts", msisdn, "1");
    assertThat(gateway.ussd("wave-receipts", msisdn, "1*3").body()).contains("2 730 FCFA", "Wave");
  }

  @Test
  void aNumberOfAnotherOperatorIsOfferedOnlyTheWalletsThatServeIt() {
    String msisdn = enrol(gateway, "+2236");
    // Orange Money cannot collect from a Moov number: Wave is the one wallet, no choice screen.
    assertThat(dialToPay(gateway, "moov-number", msisdn)).startsWith("END ").contains("lien Wave");
    String intent = intentOf(gateway, msisdn);
    assertThat(gateway.sql("SELECT provider FROM payment_intent WHERE id = '" + intent + "'").get(0)).containsEntry("provider", "wave");
  }

  @Test
  void anOrangePushWhoseAnswerWasLostIsFollowedByItsPayToken_neverPushedTwice() {
    String payToken = "MP2411235C7E1A09F3B24D6E8B99";
    orange.stubFor(post("/omcoreapis/1.0.2/mp/init").withRequestBody(matchingJsonPath("$")).willReturn(json(Recorded.read("orange/init.json")
        .replace("MP2411235C7E1A09F3B24D6E8A01", payToken))).atPriority(1));
    orange.stubFor(post("/omcoreapis/1.0.2/mp/pay").withRequestBody(matchingJsonPath("$.payToken",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo(payToken))).willReturn(json("{}").withFixedDelay(2000)).atPriority(1));
    orange.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(json(Recorded.read("orange/init.json")
        .replace("MP2411235C7E1A09F3B24D6E8A01", payToken))).atPriority(1));
    String msisdn = enrol(gateway, "+2237");
    dialToPay(gateway, "orange-lost", msisdn);
    String requested = gateway.ussd("orange-lost", msisdn, "1*1*1*1").body();
    assertThat(requested).startsWith("END ").contains("code secret Orange Money");
    String intent = intentOf(gateway, msisdn);
    // The push timed out: the payment is not failed, and it is followed under the pay token Orange gave.
    eventually(5, () -> assertThat(gateway.sql("SELECT status, provider_reference FROM payment_intent WHERE id = '" + intent + "'").get(0))
        .containsEntry("status", "INITIATING").containsEntry("provider_reference", payToken));

    // The member approved the prompt: the status check books it once, and nobody was pushed twice.
    orange.stubFor(get("/omcoreapis/1.0.2/mp/paymentstatus/" + payToken).willReturn(json(Recorded.read("orange/status-successful.json")
        .replace("MP2411235C7E1A09F3B24D6E8A01", payToken).replace("6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11", intent)
        .replace("\"amount\": 1730", "\"amount\": 2730"))));
    eventually(20, () -> assertOneBalancedReceipt(gateway, intent));
    orange.verify(1, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/init")));
    orange.verify(1, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/pay")));
    // Orange's notification, late and twice, changes nothing: it is checked with Orange, found booked.
    String notification = new JsonObject().put("payToken", payToken).put("status", "SUCCESSFULL").put("message", "ok").encode();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> answer = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/orange/" + intent)))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(notification)).build());
      assertThat(answer.statusCode()).isEqualTo(200);
    }
    assertOneBalancedReceipt(gateway, intent);
    orange.resetRequests();
    orange.removeStubMapping(orange.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).toList().get(0));
    stubOrangeAndWave(orange, wave);
  }

  @Test
  void anOperatorThatKeepsFailingIsNoLongerOffered_theMenusOfferTheOtherWallet() {
    WireMockServer failingOrange = new WireMockServer(options().dynamicPort());
    WireMockServer otherWave = new WireMockServer(options().dynamicPort());
    failingOrange.start();
    otherWave.start();
    try (GatewayFixture own = new GatewayFixture(walletsYaml(failingOrange.baseUrl(), otherWave.baseUrl(), 2), Map.of())) {
      stubOrangeAndWave(failingOrange, otherWave);
      failingOrange.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withStatus(503)));
      for (String session : List.of("down-1", "down-2")) {
        String msisdn = enrol(own, "+2237");
        dialToPay(own, session, msisdn);
        assertThat(own.ussd(session, msisdn, "1*1*1*1").body()).startsWith("END ");
      }
      eventually(5, () -> assertThat(own.send(HttpRequest.newBuilder(URI.create(own.url("/metrics"))).build()).body())
          .contains("resilience4j_circuitbreaker_state{name=\"orange\",state=\"open\"} 1.0"));
      // Two failed pushes are not failed payments: they wait for their status checks.
      assertThat(own.count("SELECT count(*) FROM payment_intent WHERE provider = 'orange' AND status = 'INITIATING'")).isEqualTo(2);

      // The next Orange subscriber is not offered Orange Money while its circuit is open: Wave it is.
      String msisdn = enrol(own, "+2237");
      assertThat(dialToPay(own, "down-3", msisdn)).startsWith("END ").contains("lien Wave");
      eventually(5, () -> otherWave.verify(1, postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))));
      // Orange's API was not called for it.
      assertThat(failingOrange.findAll(postRequestedFor(urlPathMatching("/omcoreapis/.*")))).hasSize(2);
      assertThat(own.send(HttpRequest.newBuilder(URI.create(own.url("/metrics"))).build()).body())
          .contains("keneya_payment_failures_total{provider=\"orange\",reason=\"unavailable\",stage=\"request\"} 2.0");
    } finally {
      failingOrange.stop();
      otherWave.stop();
    }
  }
}
