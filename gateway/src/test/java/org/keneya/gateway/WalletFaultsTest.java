package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.gateway.support.GatewayFixture;

/**
 * Wallet payments when the wallet misbehaves: errors and resets on the request and on the status
 * check, answers later than our time limit, duplicated, concurrent and reordered callbacks, a
 * success after we gave up, forged CinetPay notifications, and confirmations for another amount.
 * Whatever happens, a confirmed payment has exactly one receipt and one balanced journal entry, and
 * a failed or doubtful one has none.
 *
 * <p>Two gateways: {@link #gateway} (MoMo for +2237 numbers, a CinetPay wallet "moov" for +2236
 * numbers) never checks statuses on its own (first check after 600 s), so that what books a payment
 * there is the callback under test; {@link #polling} (MoMo only) checks them 1 s after the request,
 * for payments that only our status checks can resolve.
 */
class WalletFaultsTest {
  static final String CINETPAY_SECRET = "test-cinetpay-secret-key-0123456789";
  static final String CINETPAY_SITE = "5871034";
  /** The payment and transaction ids in the recorded CinetPay payloads, replaced by each test's own. */
  private static final String RECORDED_CINETPAY_REF = "3d6f1c2a-8b4e-4f7a-9c1d-5e2b7a9f0c44";
  private static final String RECORDED_CINETPAY_TOKEN =
      "8f3c2e9a1b7d4c6e0a5f9b2d7e1c4a3b6d8e0f2a9c5b7d1e3f4a6c8b0d2e4f6a8c0b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7";
  private static final String RTP = "/collection/v1_0/requesttopay";

  private static final AtomicInteger NUMBERS = new AtomicInteger(4_100_000);
  private static final AtomicInteger TRANSACTIONS = new AtomicInteger(880_000_000);
  /** MoMo's transaction id of each payment (unique per wallet in our database, as at MoMo). */
  private static final Map<String, String> MOMO_TRANSACTIONS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final WireMockServer aggregator = new WireMockServer(options().dynamicPort());
  private static final WireMockServer momo = new WireMockServer(options().dynamicPort());
  private static final WireMockServer pollingMomo = new WireMockServer(options().dynamicPort());
  /** MoMo ({@link #momo}) for +2237 numbers, CinetPay ("moov", {@link #aggregator}) for +2236 numbers; no status checks of its own. */
  private static GatewayFixture gateway;
  /** MoMo ({@link #pollingMomo}) for every number; status checks 1 s after the request, then every few seconds. */
  private static GatewayFixture polling;

  static String momoYaml(String baseUrl, String prefixes) {
    return """
          - id: momo
            name: "Mobile Money"
            api: MOMO
            prefixes: %s
            networkCodes: []
            baseUrl: "%s"
            callbackBaseUrl: "http://gateway.example"
            timeoutMillis: 1500
            resilience: { failureRatePercent: 50, windowCalls: 100, openSeconds: 30, maxConcurrentCalls: 20, retries: 1, retryBackoffMillis: 50 }
            momo: { apiUser: "demo-api-user", apiKey: "demo-api-key", subscriptionKey: "demo-subscription-key", targetEnvironment: "sandbox" }
        """.formatted(prefixes, baseUrl);
  }

  static String cinetpayYaml(String baseUrl) {
    return """
          - id: moov
            name: "Moov Money"
            api: CINETPAY
            prefixes: ["+2236"]
            networkCodes: []
            baseUrl: "%s"
            callbackBaseUrl: "http://gateway.example"
            timeoutMillis: 1500
            resilience: { failureRatePercent: 50, windowCalls: 100, openSeconds: 30, maxConcurrentCalls: 20, retries: 1, retryBackoffMillis: 50 }
            cinetpay: { apiKey: "cinetpay-api-key", siteId: "%s", secretKey: "%s", channels: "MOBILE_MONEY" }
        """.formatted(baseUrl, CINETPAY_SITE, CINETPAY_SECRET);
  }

  @BeforeAll
  static void start() {
    for (WireMockServer server : List.of(aggregator, momo, pollingMomo)) server.start();
    gateway = new GatewayFixture("wallets:\n" + momoYaml(momo.baseUrl(), "[\"+2237\"]") + cinetpayYaml(aggregator.baseUrl()), Map.of());
    polling = new GatewayFixture("wallets:\n" + momoYaml(pollingMomo.baseUrl(), "[]"),
        Map.of("KENEYA_PAYMENTS_POLL_AFTER_SECONDS", "1", "KENEYA_PAYMENTS_POLL_INTERVAL_SECONDS", "1"));
    for (GatewayFixture fixture : List.of(gateway, polling)) {
      stubMomoDefaults(momoOf(fixture));
      fixture.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201)
          .withHeader("Content-Type", "application/json").withBody(Recorded.read("africastalking/sent.json"))));
    }
    // CinetPay creates a checkout for the transaction id it is given, and says it waits for the customer.
    aggregator.stubFor(post("/v2/payment").atPriority(10).willReturn(json(200, Recorded.read("cinetpay/init-created.json")
        .replace(RECORDED_CINETPAY_TOKEN, "tok-{{jsonPath request.body '$.transaction_id'}}")).withTransformers("response-template")));
    aggregator.stubFor(post("/v2/payment/check").atPriority(10).willReturn(json(200, Recorded.read("cinetpay/check-waiting.json")
        .replace(RECORDED_CINETPAY_REF, "{{jsonPath request.body '$.transaction_id'}}").replace("\"1730\"", "\"2730\""))
        .withTransformers("response-template")));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (polling != null) polling.close();
    for (WireMockServer server : List.of(aggregator, momo, pollingMomo)) server.stop();
  }

  /** The MoMo API the fixture's wallet speaks to. */
  private static WireMockServer momoOf(GatewayFixture fixture) {
    return fixture == polling ? pollingMomo : momo;
  }

  // ---------------------------------------------------------------------------------------------
  // MoMo: the request to pay

  @Test
  void aRequestToPayAnswered500IsRetriedUnderTheSameReference_andBookedOnce() {
    String msisdn = number("+2237");
    String scenario = "rtp-500-" + msisdn;
    momo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500).withBody("{\"code\":\"INTERNAL_PROCESSING_ERROR\"}")).willSetStateTo("failed once"));
    momo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs("failed once")
        .willReturn(aResponse().withStatus(202)));
    String intent = pay(gateway, "fault-rtp-500", msisdn);

    // Asked twice, under the one reference that is the intent's id: MoMo cannot collect twice.
    eventually(5, () -> assertThat(requestsToPay(gateway, msisdn)).hasSize(2));
    assertThat(requestsToPay(gateway, msisdn)).extracting(r -> r.getHeader("X-Reference-Id")).containsOnly(intent);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    assertNothingBooked(gateway, intent);

    momoSays(gateway, intent, json(200, successful(intent, 2730, "XOF")));
    assertThat(momoCallback(gateway, intent, "PUT", successful(intent, 2730, "XOF")).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
    assertThat(momoCallback(gateway, intent, "PUT", "{}").statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  /**
   * A reset is as retryable as a 500 (RemoteFailure: "false for timeouts, resets, server errors";
   * ResilientProvider: "timeouts, resets and server errors may pass"), and MoMo deduplicates on
   * X-Reference-Id, so the request is repeated at once rather than left for a status check minutes later.
   */
  @Test
  void aConnectionResetOnTheRequestToPayIsRetriedLikeAServerError() {
    String msisdn = number("+2237");
    String scenario = "rtp-reset-" + msisdn;
    momo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset once"));
    momo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs("reset once")
        .willReturn(aResponse().withStatus(202)));
    String intent = pay(gateway, "fault-rtp-reset", msisdn);

    eventually(3, () -> assertThat(requestsToPay(gateway, msisdn)).extracting(r -> r.getHeader("X-Reference-Id"))
        .as("X-Reference-Id of each request to pay: the first was reset, a second should follow").hasSize(2).containsOnly(intent));
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    assertNothingBooked(gateway, intent);
  }

  @Test
  void aRequestToPayAnsweredAfterOurTimeLimitIsNotFailed_itsStatusCheckBooksItOnce() {
    String msisdn = number("+2237");
    double requestFailures = metricSum(polling, "keneya_payment_failures_total", "provider=\"momo\"", "stage=\"request\"");
    // The wallet takes the request but answers after our 1.5 s limit; until the member approves it says PENDING.
    pollingMomo.stubFor(requestToPayOf(msisdn).willReturn(aResponse().withStatus(202).withFixedDelay(2500)));
    String intent = pay(polling, "fault-rtp-slow", msisdn);
    eventually(10, () -> assertThat(metricSum(polling, "keneya_payment_failures_total", "provider=\"momo\"", "stage=\"request\""))
        .isGreaterThan(requestFailures));
    assertThat(polling.sql("SELECT status, failure_reason FROM payment_intent WHERE id = '" + intent + "'").get(0))
        .containsEntry("status", "INITIATING").containsEntry("failure_reason", null);
    assertNothingBooked(polling, intent);

    // The member approved; no callback ever comes: our status check books it, once, and asks nothing again.
    int asked = requestsToPay(polling, msisdn).size();
    momoSays(polling, intent, json(200, successful(intent, 2730, "XOF")));
    eventually(20, () -> assertThat(status(polling, intent)).isEqualTo("SUCCESSFUL"));
    assertBookedOnce(polling, intent, msisdn);
    assertThat(requestsToPay(polling, msisdn)).hasSize(asked).extracting(r -> r.getHeader("X-Reference-Id")).containsOnly(intent);
  }

  @Test
  void aRequestToPayThatTimedOutBeforeReachingTheWalletIsAskedAgainUnderTheSameReference_andBookedOnce() {
    String msisdn = number("+2237");
    String scenario = "rtp-lost-" + msisdn;
    // The first request's answer never comes in time, and the wallet has no record of it; the next one is taken.
    pollingMomo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(202).withFixedDelay(2500)).willSetStateTo("lost once"));
    pollingMomo.stubFor(requestToPayOf(msisdn).inScenario(scenario).whenScenarioStateIs("lost once")
        .willReturn(aResponse().withStatus(202)));
    String intent = pay(polling, "fault-rtp-lost", msisdn);
    momoSays(polling, intent, aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("momo/not-found.json")));

    eventually(20, () -> assertThat(status(polling, intent)).isEqualTo("PENDING"));
    assertThat(requestsToPay(polling, msisdn)).hasSizeGreaterThanOrEqualTo(2)
        .extracting(r -> r.getHeader("X-Reference-Id")).containsOnly(intent);
    assertNothingBooked(polling, intent);

    int asked = requestsToPay(polling, msisdn).size();
    momoSays(polling, intent, json(200, successful(intent, 2730, "XOF")));
    eventually(20, () -> assertThat(status(polling, intent)).isEqualTo("SUCCESSFUL"));
    assertBookedOnce(polling, intent, msisdn);
    assertThat(requestsToPay(polling, msisdn)).hasSize(asked);
  }

  // ---------------------------------------------------------------------------------------------
  // MoMo: verifying a callback with the wallet

  @Test
  void aCallbackWhoseStatusCheckFailsIsAnswered503AndBooksNothing_aLaterCallbackBooksOnce() {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-status-down", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    String body = successful(intent, 2730, "XOF");

    for (ResponseDefinitionBuilder broken : List.of(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withFault(Fault.EMPTY_RESPONSE), aResponse().withStatus(503), aResponse().withStatus(500),
        json(200, body).withFixedDelay(2000))) {
      momoSays(gateway, intent, broken);
      HttpResponse<String> answer = momoCallback(gateway, intent, "PUT", body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertNothingBooked(gateway, intent);
      assertThat(status(gateway, intent)).isEqualTo("PENDING");
    }
    // Unverified callbacks are not remembered as done: the wallet's next delivery is acted on.
    assertThat(gateway.count("SELECT count(*) FROM callback_event WHERE intent_id = '" + intent + "'")).isZero();

    momoSays(gateway, intent, json(200, body));
    HttpResponse<String> booked = momoCallback(gateway, intent, "PUT", body);
    assertThat(booked.statusCode()).isEqualTo(200);
    assertThat(booked.body()).contains("applied");
    assertBookedOnce(gateway, intent, msisdn);
    assertThat(momoCallback(gateway, intent, "PUT", body).body()).contains("duplicate");
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void aStatusCheckAnswered503OnceIsRetried_theCallbackIsVerifiedAtItsFirstDelivery() {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-status-503-once", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    String body = successful(intent, 2730, "XOF");
    momoSaysOnceThen(gateway, intent, aResponse().withStatus(503), json(200, body));

    assertThat(momoCallback(gateway, intent, "PUT", body).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  /** As above, with a reset instead of a 503: the same non-permanent failure, so the same single retry. */
  @Test
  void aStatusCheckResetOnceIsRetried_theCallbackIsVerifiedAtItsFirstDelivery() {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-status-reset-once", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    String body = successful(intent, 2730, "XOF");
    momoSaysOnceThen(gateway, intent, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), json(200, body));

    HttpResponse<String> answer = momoCallback(gateway, intent, "PUT", body);
    assertThat(answer.statusCode()).as("callback answer after one reset of the status check: %s", answer.body()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  // ---------------------------------------------------------------------------------------------
  // MoMo: duplicated and reordered callbacks

  @Test
  void tenCallbacksAtOnceBookOnce() throws Exception {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-ten-at-once", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    String body = successful(intent, 2730, "XOF");
    momoSays(gateway, intent, json(200, body));

    // Half carry the transaction id (an event id, but all ten pass the "seen" check together), half carry none:
    // only the booking's row lock can stop the nine others.
    ExecutorService threads = Executors.newFixedThreadPool(10);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String method = i % 2 == 0 ? "PUT" : "POST";
        String sent = i % 2 == 0 ? body : "{}";
        answers.add(threads.submit(() -> {
          go.await();
          return momoCallback(gateway, intent, method, sent);
        }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void aCallbackBeforeTheWalletAcceptedTheRequestIsBooked_andTheLate202ChangesNothing() {
    String msisdn = number("+2237");
    momo.stubFor(requestToPayOf(msisdn).willReturn(aResponse().withStatus(202).withFixedDelay(1200)));
    double requested = metric(gateway, "keneya_payments_total{outcome=\"requested\",provider=\"momo\"}");
    String intent = pay(gateway, "fault-early-callback", msisdn);
    // The intent is recorded before the wallet is asked: the callback finds it while the request is in flight.
    assertThat(status(gateway, intent)).isEqualTo("INITIATING");
    String body = successful(intent, 2730, "XOF");
    momoSays(gateway, intent, json(200, body));
    HttpResponse<String> answer = momoCallback(gateway, intent, "PUT", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(metric(gateway, "keneya_payments_total{outcome=\"requested\",provider=\"momo\"}"))
        .as("the wallet has not answered the request yet").isEqualTo(requested);
    assertBookedOnce(gateway, intent, msisdn);

    // The wallet's 202 arrives after: the payment stays booked, once, and is not asked again.
    eventually(5, () -> assertThat(metric(gateway, "keneya_payments_total{outcome=\"requested\",provider=\"momo\"}"))
        .isEqualTo(requested + 1));
    assertThat(status(gateway, intent)).isEqualTo("SUCCESSFUL");
    assertBookedOnce(gateway, intent, msisdn);
    assertThat(requestsToPay(gateway, msisdn)).hasSize(1);
  }

  @Test
  void aFailureThenASuccessIsBookedOnce() {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-failed-then-paid", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    momoSays(gateway, intent, json(200, Recorded.read("momo/status-failed.json")));
    assertThat(momoCallback(gateway, intent, "PUT", Recorded.read("momo/status-failed.json")).statusCode()).isEqualTo(200);
    assertThat(status(gateway, intent)).isEqualTo("FAILED");
    assertNothingBooked(gateway, intent);

    // The wallet then reports the payment as made after all: believed (it is the wallet's own word), booked once.
    String body = successful(intent, 2730, "XOF");
    momoSays(gateway, intent, json(200, body));
    assertThat(momoCallback(gateway, intent, "PUT", body).statusCode()).isEqualTo(200);
    assertThat(momoCallback(gateway, intent, "POST", body).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void aSuccessThenAFailureStaysBookedOnce() {
    String msisdn = number("+2237");
    String intent = pay(gateway, "fault-paid-then-failed", msisdn);
    eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
    String body = successful(intent, 2730, "XOF");
    momoSays(gateway, intent, json(200, body));
    assertThat(momoCallback(gateway, intent, "PUT", body).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);

    momoSays(gateway, intent, json(200, Recorded.read("momo/status-failed.json")));
    assertThat(momoCallback(gateway, intent, "PUT", Recorded.read("momo/status-failed.json")).statusCode()).isEqualTo(200);
    assertThat(gateway.sql("SELECT status, failure_reason FROM payment_intent WHERE id = '" + intent + "'").get(0))
        .containsEntry("status", "SUCCESSFUL").containsEntry("failure_reason", null);
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void aSuccessAfterWeMarkedThePaymentExpiredIsStillBookedOnce() {
    String msisdn = number("+2237");
    String intent = pay(polling, "fault-expired-then-paid", msisdn);
    eventually(5, () -> assertThat(status(polling, intent)).isEqualTo("PENDING"));
    // Two days without an answer (the configured limit is one): the next status round gives up on it.
    assertThat(polling.sql("UPDATE payment_intent SET created_at = now() - interval '2 days', next_check_at = now() WHERE id = '"
        + intent + "' RETURNING id")).hasSize(1);
    eventually(15, () -> assertThat(status(polling, intent)).isEqualTo("EXPIRED"));
    assertNothingBooked(polling, intent);

    String body = successful(intent, 2730, "XOF");
    momoSays(polling, intent, json(200, body));
    assertThat(momoCallback(polling, intent, "PUT", body).statusCode()).isEqualTo(200);
    assertBookedOnce(polling, intent, msisdn);
    assertThat(momoCallback(polling, intent, "PUT", body).statusCode()).isEqualTo(200);
    assertBookedOnce(polling, intent, msisdn);
  }

  // ---------------------------------------------------------------------------------------------
  // MoMo: a confirmation for something else than was asked

  @Test
  void aConfirmationForAnotherAmountOrCurrencyIsHeldForReview_nothingBooked() {
    for (String[] confirmed : new String[][] {{"2735", "XOF"}, {"2730", "XAF"}, {"2730.50", "XOF"}}) {
      String msisdn = number("+2237");
      String intent = pay(gateway, "fault-review-" + confirmed[0] + confirmed[1], msisdn);
      eventually(5, () -> assertThat(status(gateway, intent)).isEqualTo("PENDING"));
      String body = Recorded.read("momo/status-successful.json").replace("\"11380\"", "\"" + confirmed[0] + "\"")
          .replace("\"XOF\"", "\"" + confirmed[1] + "\"").replace("363440463", transactionId());
      momoSays(gateway, intent, json(200, body));
      assertThat(momoCallback(gateway, intent, "PUT", body).statusCode()).isEqualTo(200);
      assertThat(gateway.sql("SELECT status, failure_reason FROM payment_intent WHERE id = '" + intent + "'").get(0))
          .as("confirmed %s %s", confirmed[0], confirmed[1])
          .containsEntry("status", "REVIEW")
          .satisfies(row -> assertThat(String.valueOf(row.get("failure_reason"))).contains("2730 XOF was asked"));
      assertNothingBooked(gateway, intent);
      // Said again, it is still not booked.
      assertThat(momoCallback(gateway, intent, "PUT", "{}").statusCode()).isEqualTo(200);
      assertThat(status(gateway, intent)).isEqualTo("REVIEW");
      assertNothingBooked(gateway, intent);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CinetPay: signed form notifications, checked with /v2/payment/check

  @Test
  void cinetPayForgedNotificationsAre401AndCounted_aGenuineOneTwiceBooksOnce() {
    String msisdn = number("+2236");
    String intent = payByLink(msisdn, "fault-cinetpay-forged");
    cinetpaySays(intent, accepted(intent, "2730"));
    String notification = notification(intent, "2730", "SUCCES");
    double forged = metric(gateway, "keneya_callbacks_total{outcome=\"forged\",provider=\"moov\"}");

    assertThat(cinetpayNotify(notification, sign(notification, "not-the-secret")).statusCode()).isEqualTo(401);
    assertThat(cinetpayNotify(notification.replace("cpm_amount=2730", "cpm_amount=27300"), sign(notification, CINETPAY_SECRET))
        .statusCode()).isEqualTo(401);
    assertThat(cinetpayNotify(notification, null).statusCode()).isEqualTo(401);
    assertThat(cinetpayNotify(notification, "0".repeat(64)).statusCode()).isEqualTo(401);
    assertNothingBooked(gateway, intent);
    assertThat(status(gateway, intent)).isEqualTo("PENDING");
    assertThat(metric(gateway, "keneya_callbacks_total{outcome=\"forged\",provider=\"moov\"}")).isEqualTo(forged + 4);

    HttpResponse<String> booked = cinetpayNotify(notification, sign(notification, CINETPAY_SECRET));
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);
    assertThat(booked.body()).contains("applied");
    assertBookedOnce(gateway, intent, msisdn);
    assertThat(gateway.sql("SELECT channel FROM receipt WHERE payment_intent_id = '" + intent + "'").get(0))
        .containsEntry("channel", "wallet:moov");
    HttpResponse<String> again = cinetpayNotify(notification, sign(notification, CINETPAY_SECRET).toUpperCase());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void cinetPayNotificationsWhoseCheckFailsAre503_thenWaitingThenAcceptedBookOnce() {
    String msisdn = number("+2236");
    String intent = payByLink(msisdn, "fault-cinetpay-check-down");
    String accepted = notification(intent, "2730", "SUCCES");
    for (ResponseDefinitionBuilder broken : List.of(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withFault(Fault.EMPTY_RESPONSE), aResponse().withStatus(503))) {
      cinetpaySays(intent, broken);
      HttpResponse<String> answer = cinetpayNotify(accepted, sign(accepted, CINETPAY_SECRET));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertNothingBooked(gateway, intent);
    }

    // CinetPay notifies the waiting state first (the check agrees), then the payment: each is news, the last one books.
    cinetpaySays(intent, json(200, Recorded.read("cinetpay/check-waiting.json").replace(RECORDED_CINETPAY_REF, intent)
        .replace("\"1730\"", "\"2730\"")));
    String waiting = notification(intent, "2730", "WAITING_FOR_CUSTOMER");
    assertThat(cinetpayNotify(waiting, sign(waiting, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertNothingBooked(gateway, intent);
    assertThat(status(gateway, intent)).isEqualTo("PENDING");

    cinetpaySays(intent, accepted(intent, "2730"));
    assertThat(cinetpayNotify(accepted, sign(accepted, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
    assertThat(cinetpayNotify(accepted, sign(accepted, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertThat(cinetpayNotify(waiting, sign(waiting, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  @Test
  void cinetPayInitAnswered500IsRetriedUnderTheSameTransactionId_oneLinkSent() {
    String msisdn = number("+2236");
    String scenario = "init-500-" + msisdn;
    MappingBuilder init = post(urlEqualTo("/v2/payment")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_phone_number", equalTo(msisdn)));
    aggregator.stubFor(init.inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500).withBody("<html>Bad gateway</html>")).willSetStateTo("failed once"));
    aggregator.stubFor(post(urlEqualTo("/v2/payment")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_phone_number", equalTo(msisdn)))
        .inScenario(scenario).whenScenarioStateIs("failed once")
        .willReturn(json(200, Recorded.read("cinetpay/init-created.json")
            .replace(RECORDED_CINETPAY_TOKEN, "tok-{{jsonPath request.body '$.transaction_id'}}")).withTransformers("response-template")));
    String intent = payByLink(msisdn, "fault-cinetpay-init-500");
    assertThat(aggregator.findAll(initsOf(msisdn))).hasSize(2)
        .extracting(r -> new JsonObject(r.getBodyAsString()).getString("transaction_id")).containsOnly(intent);

    cinetpaySays(intent, accepted(intent, "2730"));
    String notification = notification(intent, "2730", "SUCCES");
    assertThat(cinetpayNotify(notification, sign(notification, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertBookedOnce(gateway, intent, msisdn);
  }

  /**
   * CinetPay created the checkout but its answer (the only place the payment link is given) was
   * lost; the retry is told the transaction id exists. The member must not be left with no link and
   * a payment "already under way" that nobody can pay: either the link reaches them, or the payment
   * is closed so that dialling again starts a new one.
   */
  @Test
  void cinetPayInitWhoseAnswerWasLost_theMemberIsNotLeftWithoutALinkAndBlocked() {
    String msisdn = number("+2236");
    String scenario = "init-lost-" + msisdn;
    aggregator.stubFor(post(urlEqualTo("/v2/payment")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_phone_number", equalTo(msisdn)))
        .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")).willSetStateTo("created, answer lost"));
    aggregator.stubFor(post(urlEqualTo("/v2/payment")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.customer_phone_number", equalTo(msisdn)))
        .inScenario(scenario).whenScenarioStateIs("created, answer lost")
        .willReturn(json(200, Recorded.read("cinetpay/init-duplicate.json"))));
    String intent = pay(gateway, "fault-cinetpay-link-lost", msisdn);
    // CinetPay has the transaction, waiting for a customer who never got its link.
    cinetpaySays(intent, json(200, Recorded.read("cinetpay/check-waiting.json").replace(RECORDED_CINETPAY_REF, intent)
        .replace("\"1730\"", "\"2730\"")));
    eventually(5, () -> assertThat(aggregator.findAll(initsOf(msisdn))).extracting(r -> new JsonObject(r.getBodyAsString())
        .getString("transaction_id")).hasSize(2).containsOnly(intent));

    eventually(3, () -> {
      boolean linkSent = gateway.count("SELECT count(*) FROM outbox WHERE dedup_key = 'payment-link:" + intent + "'") == 1;
      String status = status(gateway, intent);
      assertThat(linkSent || !List.of("INITIATING", "PENDING").contains(status))
          .as("payment link queued: %s; payment %s", linkSent, status).isTrue();
    });
    if (gateway.count("SELECT count(*) FROM outbox WHERE dedup_key = 'payment-link:" + intent + "'") == 0) {
      gateway.ussd("fault-cinetpay-link-lost-2", msisdn, "");
      gateway.ussd("fault-cinetpay-link-lost-2", msisdn, "1");
      assertThat(gateway.ussd("fault-cinetpay-link-lost-2", msisdn, "1*1").body()).contains("Total: 2 730 FCFA");
    }
    assertNothingBooked(gateway, intent);
  }

  @Test
  void cinetPayConfirmingAnotherAmountIsHeldForReview_nothingBooked() {
    String msisdn = number("+2236");
    String intent = payByLink(msisdn, "fault-cinetpay-review");
    cinetpaySays(intent, accepted(intent, "1730"));
    String notification = notification(intent, "1730", "SUCCES");
    assertThat(cinetpayNotify(notification, sign(notification, CINETPAY_SECRET)).statusCode()).isEqualTo(200);
    assertThat(status(gateway, intent)).isEqualTo("REVIEW");
    assertNothingBooked(gateway, intent);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String number(String prefix) {
    return prefix + NUMBERS.incrementAndGet();
  }

  private static String transactionId() {
    return Integer.toString(TRANSACTIONS.incrementAndGet());
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static void stubMomoDefaults(WireMockServer api) {
    api.stubFor(post("/collection/token/").atPriority(10).willReturn(json(200, Recorded.read("momo/token.json"))));
    api.stubFor(post(RTP).atPriority(10).willReturn(aResponse().withStatus(202)));
    api.stubFor(get(urlPathMatching(RTP + "/.*")).atPriority(10).willReturn(json(200, Recorded.read("momo/status-pending.json"))));
  }

  private static MappingBuilder requestToPayOf(String msisdn) {
    return post(urlEqualTo(RTP)).atPriority(1).withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(msisdn.substring(1))));
  }

  private static List<LoggedRequest> requestsToPay(GatewayFixture fixture, String msisdn) {
    return momoOf(fixture).findAll(postRequestedFor(urlEqualTo(RTP)).withRequestBody(matchingJsonPath("$.payer.partyId",
        equalTo(msisdn.substring(1)))));
  }

  /** What MoMo answers when asked the status of {@code reference} (the latest stub wins). */
  private static void momoSays(GatewayFixture fixture, String reference, ResponseDefinitionBuilder answer) {
    momoOf(fixture).stubFor(get(urlEqualTo(RTP + "/" + reference)).atPriority(1).willReturn(answer));
  }

  private static void momoSaysOnceThen(GatewayFixture fixture, String reference, ResponseDefinitionBuilder first,
      ResponseDefinitionBuilder then) {
    String scenario = "status-" + reference;
    momoOf(fixture).stubFor(get(urlEqualTo(RTP + "/" + reference)).atPriority(1).inScenario(scenario)
        .whenScenarioStateIs(Scenario.STARTED).willReturn(first).willSetStateTo("answered once"));
    momoOf(fixture).stubFor(get(urlEqualTo(RTP + "/" + reference)).atPriority(1).inScenario(scenario)
        .whenScenarioStateIs("answered once").willReturn(then));
  }

  /** MoMo's recorded SUCCESSFUL status (as its status API and its callbacks say it), for this payment. */
  private static String successful(String reference, long amount, String currency) {
    return Recorded.read("momo/status-successful.json").replace("\"11380\"", "\"" + amount + "\"")
        .replace("\"XOF\"", "\"" + currency + "\"").replace("947354", reference)
        .replace("363440463", MOMO_TRANSACTIONS.computeIfAbsent(reference, r -> transactionId()));
  }

  private static HttpResponse<String> momoCallback(GatewayFixture fixture, String reference, String method, String body) {
    return fixture.send(HttpRequest.newBuilder(URI.create(fixture.url("/callbacks/momo/" + reference)))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Enrols a household of one and pays its 2,730 FCFA by USSD; returns the payment's intent id. */
  private static String pay(GatewayFixture fixture, String session, String msisdn) {
    HttpResponse<String> enrolled = fixture.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"sio","product":"mopti-annual","headName":"Hawa Cisse","headMsisdn":"%s"}"""
        .formatted(msisdn));
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    assertThat(fixture.ussd(session, msisdn, "").body()).startsWith("CON ");
    assertThat(fixture.ussd(session, msisdn, "1").body()).startsWith("CON ");
    assertThat(fixture.ussd(session, msisdn, "1*1").body()).startsWith("CON ").contains("Total: 2 730 FCFA");
    assertThat(fixture.ussd(session, msisdn, "1*1*1").body()).startsWith("END ").contains("2 730 FCFA");
    List<Map<String, Object>> intents = fixture.sql("SELECT id::text AS id FROM payment_intent WHERE payer_msisdn = '" + msisdn + "'");
    assertThat(intents).hasSize(1);
    return intents.get(0).get("id").toString();
  }

  /** Pays with the CinetPay wallet; returns once the checkout exists and its link is queued for the member. */
  private static String payByLink(String msisdn, String session) {
    String intent = pay(gateway, session, msisdn);
    eventually(5, () -> assertThat(gateway.sql("SELECT status, provider_reference FROM payment_intent WHERE id = '" + intent + "'")
        .get(0)).containsEntry("status", "PENDING").containsEntry("provider_reference", "tok-" + intent));
    assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'payment-link:" + intent + "'"))
        .singleElement().satisfies(row -> assertThat(row.get("m").toString()).contains("https://checkout.cinetpay.com/payment/tok-" + intent));
    List<LoggedRequest> inits = aggregator.findAll(initsOf(msisdn));
    JsonObject init = new JsonObject(inits.get(inits.size() - 1).getBodyAsString());
    assertThat(init.getString("transaction_id")).isEqualTo(intent);
    assertThat(init.getLong("amount")).isEqualTo(2730L);
    assertThat(init.getString("currency")).isEqualTo("XOF");
    return intent;
  }

  private static RequestPatternBuilder initsOf(String msisdn) {
    return postRequestedFor(urlEqualTo("/v2/payment")).withRequestBody(matchingJsonPath("$.customer_phone_number", equalTo(msisdn)));
  }

  /** What CinetPay's /v2/payment/check answers for {@code intent}. */
  private static void cinetpaySays(String intent, ResponseDefinitionBuilder answer) {
    aggregator.stubFor(post(urlEqualTo("/v2/payment/check")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.transaction_id", equalTo(intent))).willReturn(answer));
  }

  private static ResponseDefinitionBuilder accepted(String intent, String amount) {
    return json(200, Recorded.read("cinetpay/check-accepted.json").replace(RECORDED_CINETPAY_REF, intent)
        .replace("\"1730\"", "\"" + amount + "\"").replace("8210612734519", "82" + transactionId()));
  }

  /** CinetPay's recorded notification form, for this payment. */
  private static String notification(String intent, String amount, String message) {
    return Recorded.read("cinetpay/notification-accepted.form").strip().replace(RECORDED_CINETPAY_REF, intent)
        .replace("cpm_amount=1730", "cpm_amount=" + amount).replace("cpm_error_message=SUCCES", "cpm_error_message=" + message);
  }

  private static HttpResponse<String> cinetpayNotify(String form, String xToken) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/moov")))
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (xToken != null) request.header("x-token", xToken);
    return gateway.send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  private static String sign(String form, String secret) {
    return org.keneya.adapters.cinetpay.CinetPayNotifications.sign(form, secret);
  }


  private static String status(GatewayFixture fixture, String intent) {
    return fixture.sql("SELECT status FROM payment_intent WHERE id = '" + intent + "'").get(0).get("status").toString();
  }

  /**
   * Exactly one receipt for the payment, for 2,730 FCFA; one journal entry for it whose postings
   * balance; one receipt SMS queued; the intent SUCCESSFUL.
   */
  private static void assertBookedOnce(GatewayFixture fixture, String intent, String msisdn) {
    assertThat(fixture.sql("SELECT amount, receipt_number FROM receipt WHERE payment_intent_id = '" + intent + "'"))
        .as("receipts of payment %s", intent).singleElement().satisfies(r -> assertThat(r).containsEntry("amount", 2730L));
    assertThat(status(fixture, intent)).isEqualTo("SUCCESSFUL");
    assertThat(fixture.count("""
        SELECT count(*) FROM journal_entry j JOIN receipt r ON r.id = j.receipt_id WHERE r.payment_intent_id = '%s'""".formatted(intent)))
        .as("journal entries of payment %s", intent).isEqualTo(1);
    assertThat(fixture.count("SELECT count(*) FROM journal_entry WHERE memo LIKE '%" + intent + "%'")).isEqualTo(1);
    assertThat(fixture.count("""
        SELECT count(*) FROM posting p JOIN journal_entry j ON j.id = p.entry_id JOIN receipt r ON r.id = j.receipt_id
         WHERE r.payment_intent_id = '%s'""".formatted(intent))).isGreaterThanOrEqualTo(2);
    assertThat(fixture.count("""
        SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN journal_entry j ON j.id = p.entry_id JOIN receipt r ON r.id = j.receipt_id
         WHERE r.payment_intent_id = '%s'""".formatted(intent))).as("sum of the postings").isZero();
    assertThat(fixture.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'receipt-sms:%' AND payload->>'to' = '" + msisdn + "'"))
        .as("receipt SMS").isEqualTo(1);
  }

  private static void assertNothingBooked(GatewayFixture fixture, String intent) {
    assertThat(fixture.count("SELECT count(*) FROM receipt WHERE payment_intent_id = '" + intent + "'")).as("receipts").isZero();
    assertThat(fixture.count("SELECT count(*) FROM journal_entry WHERE memo LIKE '%" + intent + "%'")).as("journal entries").isZero();
  }

  private static String scrape(GatewayFixture fixture) {
    return fixture.send(HttpRequest.newBuilder(URI.create(fixture.url("/metrics"))).build()).body();
  }

  /** The value of one exact Prometheus series (name and labels as scraped), 0 when it does not exist yet. */
  private static double metric(GatewayFixture fixture, String series) {
    return scrape(fixture).lines().filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /** The sum of a counter's series that carry all of {@code labels}. */
  private static double metricSum(GatewayFixture fixture, String name, String... labels) {
    return scrape(fixture).lines().filter(line -> line.startsWith(name + "{"))
        .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
