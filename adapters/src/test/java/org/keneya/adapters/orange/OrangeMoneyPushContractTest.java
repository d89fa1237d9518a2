package org.keneya.adapters.orange;

import org.keneya.adapters.MovableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keneya.adapters.Recorded;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider.Callback;
import org.keneya.flows.ports.PaymentProvider.CallbackVerdict;
import org.keneya.flows.ports.PaymentProvider.PaymentOrder;
import org.keneya.flows.ports.PaymentProvider.PaymentReference;
import org.keneya.flows.ports.PaymentProvider.PaymentStatus;
import org.keneya.flows.ports.PaymentProvider.Requested;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.WalletFailure;

/** Orange Money merchant payment (USSD push) as its published shapes say: token, init, pay, paymentstatus, notification. */
class OrangeMoneyPushContractTest {
  private static final String REF = "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11";
  private static final String PAY_TOKEN = "MP2411235C7E1A09F3B24D6E8A01";
  private static final String BEARER = "1e23bee1-37dc-3015-a7d6-cb70e566bd64";
  private static final String STATUS_PATH = "/omcoreapis/1.0.2/mp/paymentstatus/" + PAY_TOKEN;
  private static final PaymentOrder ORDER =
      new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "Cotisation mutuelle de sante");

  private final WireMockServer wallet = new WireMockServer(options().dynamicPort());
  private final MovableClock clock = new MovableClock(Instant.parse("2024-11-23T14:55:00Z"));
  private Vertx vertx;
  private OrangeMoneyPush orange;

  @BeforeEach
  void start() {
    wallet.start();
    vertx = Vertx.vertx();
    WalletConfig config = new WalletConfig("orange", "Orange Money", "ORANGE_MONEY", List.of("+2237"), List.of("61002"),
        wallet.baseUrl(), "https://gw.example", 1000, null, java.util.Map.of());
    orange = new OrangeMoneyPush(vertx, config,
        new OrangeMoneyPush.Settings("client-id", "client-secret", "x-auth-token", "77889900", "4321", "XOF"),
        wallet.baseUrl() + "/", "https://gw.example/", clock);
    wallet.stubFor(post("/token").willReturn(json(200, "orange/token.json")));
  }

  @AfterEach
  void stop() {
    vertx.close();
    wallet.stop();
  }

  @Test
  void initThenPaySpeakTheDocumentedShapeAndReuseTheToken() {
    stubInitAndPay();
    assertThat(join(orange.requestPayment(ORDER))).isEqualTo(new Requested(PAY_TOKEN, null));
    join(orange.requestPayment(ORDER));

    wallet.verify(1, postRequestedFor(urlEqualTo("/token"))
        .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("client-id:client-secret".getBytes())))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("grant_type", equalTo("client_credentials")));
    wallet.verify(2, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/init"))
        .withHeader("Authorization", equalTo("Bearer " + BEARER))
        .withHeader("X-AUTH-TOKEN", equalTo("x-auth-token")));
    wallet.verify(2, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/pay"))
        .withHeader("Authorization", equalTo("Bearer " + BEARER))
        .withHeader("X-AUTH-TOKEN", equalTo("x-auth-token"))
        .withRequestBody(equalToJson("""
            {"notifUrl":"https://gw.example/callbacks/orange/6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11",
             "channelUserMsisdn":"77889900","amount":"1730","subscriberMsisdn":"76123456","pin":"4321",
             "orderId":"6f4a1f4e7c2e4b7a9f7e","description":"Cotisation mutuelle de sante",
             "payToken":"MP2411235C7E1A09F3B24D6E8A01"}""")));
  }

  @Test
  void aRequestIsNotIdempotentAsEveryPayPushesAgain() {
    assertThat(orange.requestIsIdempotent()).isFalse();
  }

  @Test
  void theTokenIsTakenAgainBeforeItExpires() {
    stubStatus("orange/status-pending.json");
    join(orange.status(new PaymentReference(REF, PAY_TOKEN)));
    clock.advance(java.time.Duration.ofSeconds(3200));
    join(orange.status(new PaymentReference(REF, PAY_TOKEN)));
    wallet.verify(1, postRequestedFor(urlEqualTo("/token")));
    clock.advance(java.time.Duration.ofSeconds(200));
    join(orange.status(new PaymentReference(REF, PAY_TOKEN)));
    wallet.verify(2, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void concurrentCallsShareOneTokenRequest() {
    wallet.stubFor(post("/token").willReturn(json(200, "orange/token.json").withFixedDelay(300)));
    stubStatus("orange/status-pending.json");
    CompletableFuture<PaymentStatus> first = orange.status(new PaymentReference(REF, PAY_TOKEN)).toCompletableFuture();
    CompletableFuture<PaymentStatus> second = orange.status(new PaymentReference(REF, PAY_TOKEN)).toCompletableFuture();
    join(CompletableFuture.allOf(first, second));
    wallet.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void anExpiredTokenIsForgottenAndReplaced() {
    wallet.stubFor(get(STATUS_PATH).willReturn(json(401, "orange/unauthorized.json")));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
    stubStatus("orange/status-pending.json");
    assertThat(join(orange.status(new PaymentReference(REF, PAY_TOKEN)))).isEqualTo(new PaymentStatus.Pending());
    wallet.verify(2, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void aRefusedTokenIsPermanentAndAnUnavailableOneIsNot() {
    wallet.stubFor(post("/token").willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_client\"}")));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isTrue());
    wallet.stubFor(post("/token").willReturn(aResponse().withStatus(503)));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isFalse());
    wallet.verify(0, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/init")));
  }

  @Test
  void initFailuresCarryNoPayTokenAsNothingWasPushed() {
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withStatus(500)));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isNull();
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Forbidden\"}")));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isTrue());
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(json(200, "orange/init.json").withFixedDelay(2000)));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isNull();
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withStatus(200).withBody("<html>Send timeout</html>")));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isFalse());
    wallet.verify(0, postRequestedFor(urlEqualTo("/omcoreapis/1.0.2/mp/pay")));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("org.keneya.adapters.WalletFailureTable#statuses")
  void eachInitFailureStatusIsClassedByTheOneRule(int status, WalletFailure expected) {
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"some refusal\"}")));
    assertFailure(orange.requestPayment(ORDER), e -> assertThat(e.permanent()).isEqualTo(expected.permanent()));
  }

  @Test
  void payFailuresCarryThePayTokenAsThePromptMayAlreadyBeOnThePhone() {
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(json(200, "orange/init.json")));

    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(json(417, "orange/pay-insufficient-balance.json")));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isTrue();
      assertThat(e.providerReference()).isEqualTo(PAY_TOKEN);
      assertThat(e.getMessage()).contains("60019").doesNotContain("76123456").doesNotContain("4321");
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(aResponse().withStatus(500).withBody("<am:fault>Send timeout</am:fault>")));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isEqualTo(PAY_TOKEN);
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isEqualTo(PAY_TOKEN);
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(json(200, "orange/pay-pending.json").withFixedDelay(2000)));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isEqualTo(PAY_TOKEN);
    });
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(json(401, "orange/unauthorized.json")));
    assertFailure(orange.requestPayment(ORDER), e -> {
      assertThat(e.permanent()).isFalse();
      assertThat(e.providerReference()).isEqualTo(PAY_TOKEN);
    });
  }

  @Test
  void statusesAreReadFromTheRecordedBodies() {
    assertStatus("orange/status-successful.json", new PaymentStatus.Successful("MP241123.1455.B73120", Money.of(1730, "XOF")));
    assertStatus("orange/status-pending.json", new PaymentStatus.Pending());
    assertStatus("orange/status-failed.json", new PaymentStatus.Failed("FAILED 60019"));
    assertStatus("orange/status-cancelled.json", new PaymentStatus.Failed("CANCELLED 01"));
    assertStatus("orange/status-expired.json", new PaymentStatus.Failed("EXPIRED"));
    // A pay token taken whose push was never accepted: nothing can be paid under it.
    assertStatus("orange/status-initiated.json", new PaymentStatus.Unknown());
    // Not whole francs: an amount no intent can match, so the payment goes to review.
    assertStatus("orange/status-fractional.json", new PaymentStatus.Successful("MP241123.1455.B73120", Money.of(-1, "XOF")));
    wallet.verify(getRequestedFor(urlEqualTo(STATUS_PATH))
        .withHeader("Authorization", equalTo("Bearer " + BEARER))
        .withHeader("X-AUTH-TOKEN", equalTo("x-auth-token")));
  }

  @Test
  void withoutAPayTokenNoPushWasMade() {
    assertThat(join(orange.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Unknown());
    wallet.verify(0, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void anAnswerAboutAnotherPaymentIsNeverAStatus() {
    // A forged notification names somebody else's pay token.
    wallet.stubFor(get("/omcoreapis/1.0.2/mp/paymentstatus/MP2411234A9D0C7E21F54B3C9D77")
        .willReturn(json(200, "orange/status-other-payment.json")));
    assertFailure(orange.status(new PaymentReference(REF, "MP2411234A9D0C7E21F54B3C9D77")), e -> assertThat(e.permanent()).isFalse());

    JsonObject answer = new JsonObject(Recorded.read("orange/status-successful.json"));
    answer.getJsonObject("data").put("orderId", "0b9e2d4c13a84f6e8c1d");
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer.encode())));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());

    answer.getJsonObject("data").put("orderId", "6f4a1f4e7c2e4b7a9f7e");
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer.encode())));
    assertThat(join(orange.status(new PaymentReference(REF, PAY_TOKEN)))).isInstanceOf(PaymentStatus.Successful.class);

    assertFailure(orange.status(new PaymentReference(REF, "../token")), e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void unreadableStatusAnswersAreRetryable() {
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withStatus(200).withBody("<html>Bad gateway</html>")));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withStatus(200).withBody("{\"message\":\"ok\",\"data\":{\"status\":\"REVERSED\"}}")));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withStatus(502)));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(get(STATUS_PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(get(STATUS_PATH).willReturn(json(200, "orange/status-pending.json").withFixedDelay(2000)));
    assertFailure(orange.status(new PaymentReference(REF, PAY_TOKEN)), e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void aNotificationIsAnUnauthenticatedClaimToBeCheckedWithOrange() {
    assertThat(orange.readCallback(callback(REF, Recorded.read("orange/notification-successful.json"))))
        .isEqualTo(new CallbackVerdict.Claim(PAY_TOKEN + ":SUCCESSFULL", REF, PAY_TOKEN, null, false));
    // The same shape wrapped in "data", as the status answers are.
    assertThat(orange.readCallback(callback(REF, Recorded.read("orange/status-successful.json"))))
        .isEqualTo(new CallbackVerdict.Claim(PAY_TOKEN + ":SUCCESSFULL", REF, PAY_TOKEN, null, false));
    // Without a pay token it still names our payment by its address.
    assertThat(orange.readCallback(callback(REF, "{\"status\":\"SUCCESSFULL\"}")))
        .isEqualTo(new CallbackVerdict.Claim(null, REF, null, null, false));
  }

  @Test
  void unreadableOrInconsistentNotificationsAreRejected() {
    assertThat(orange.readCallback(callback(null, Recorded.read("orange/notification-successful.json"))))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(orange.readCallback(callback(REF, "payToken=MP2411235C7E1A09F3B24D6E8A01")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(orange.readCallback(callback(REF, "")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(orange.readCallback(callback(REF, null)))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(orange.readCallback(callback(REF, "{\"payToken\":\"../../token\",\"status\":\"SUCCESSFULL\"}")))
        .isInstanceOf(CallbackVerdict.Rejected.class);
    // A body tampered to name another order than the address it was sent to.
    assertThat(orange.readCallback(callback(REF, "{\"payToken\":\"" + PAY_TOKEN + "\",\"orderId\":\"0b9e2d4c13a84f6e8c1d\"}")))
        .isInstanceOf(CallbackVerdict.Rejected.class);
  }

  @Test
  void numbersAndOrderIdsAreWrittenTheWayOrangeTakesThem() {
    assertThat(OrangeMoneyPush.orderId(REF)).isEqualTo("6f4a1f4e7c2e4b7a9f7e").hasSize(20);
    assertThat(OrangeMoneyPush.orderId("ABC-123")).isEqualTo("ABC123");
    assertThat(orange.subscriberMsisdn(new Msisdn("+22376123456"))).isEqualTo("76123456");
  }

  @Test
  void fractionalAmountsCannotMatchAnIntent() {
    assertThat(OrangeMoneyPush.wholeUnits(1730)).isEqualTo(1730);
    assertThat(OrangeMoneyPush.wholeUnits("1730.00")).isEqualTo(1730);
    assertThat(OrangeMoneyPush.wholeUnits(1730.5)).isEqualTo(-1);
    assertThat(OrangeMoneyPush.wholeUnits(null)).isEqualTo(-1);
  }

  private void stubInitAndPay() {
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/init").willReturn(json(200, "orange/init.json")));
    wallet.stubFor(post("/omcoreapis/1.0.2/mp/pay").willReturn(json(200, "orange/pay-pending.json")));
  }

  private void stubStatus(String recorded) {
    wallet.stubFor(get(STATUS_PATH).willReturn(json(200, recorded)));
  }

  private void assertStatus(String recorded, PaymentStatus expected) {
    stubStatus(recorded);
    assertThat(join(orange.status(new PaymentReference(REF, PAY_TOKEN)))).isEqualTo(expected);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String recorded) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded));
  }

  private static Callback callback(String pathReference, String body) {
    return new Callback(pathReference, Map.of("content-type", "application/json"), body);
  }

  private static void assertFailure(CompletionStage<?> stage, Consumer<RemoteFailure> check) {
    assertThatThrownBy(() -> stage.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(RemoteFailure.class, check);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

}
