package org.keneya.adapters.wave;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keneya.adapters.Recorded;
import org.keneya.config.WalletConfig;
import org.keneya.adapters.wave.WaveCheckout.Settings.WebhookSecurity;
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

/** Wave Checkout as docs.wave.com shapes it: checkout sessions, search by client reference, webhooks. */
class WaveCheckoutContractTest {
  private static final String REF = "0b6c3c1e-5f0d-4b7e-9a51-2d7f0f6e8a42";
  private static final String SESSION = "cos-1b01sghpg100j";
  private static final String API_KEY = "wave_ml_prod_Yh7Nb9dQe2xK4i4bA6";
  private static final String SECRET = "wave_ml_WHS_xq1x7m3d9ckz0a4pb2v5t8n6";
  private static final Instant NOW = Instant.parse("2026-03-02T10:15:00Z");
  private static final Msisdn PAYER = new Msisdn("+22376123456");

  private final WireMockServer wave = new WireMockServer(options().dynamicPort());
  private Vertx vertx;
  private WaveCheckout checkout;

  @BeforeEach
  void start() {
    wave.start();
    vertx = Vertx.vertx();
    checkout = wallet(WebhookSecurity.SIGNING);
  }

  @AfterEach
  void stop() {
    vertx.close();
    wave.stop();
  }

  private WaveCheckout wallet(WebhookSecurity security) {
    WalletConfig config = new WalletConfig("wave", "Wave", "WAVE", List.of(), List.of(), wave.baseUrl(),
        "https://gw.example", 1000, null, java.util.Map.of());
    return new WaveCheckout(vertx, config,
        new WaveCheckout.Settings(API_KEY, SECRET, security, "https://keneya.example/paid", "https://keneya.example/not-paid"),
        wave.baseUrl() + "/", "https://gw.example/", Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static PaymentOrder order() {
    return new PaymentOrder(REF, PAYER, Money.of(1730, "XOF"), "Cotisation");
  }

  @Test
  void createsACheckoutSessionInTheDocumentedShape() {
    wave.stubFor(post("/v1/checkout/sessions").willReturn(json(200, "wave/session-open.json")));

    Requested requested = join(checkout.requestPayment(order()));

    assertThat(requested).isEqualTo(new Requested(SESSION, "https://pay.wave.com/c/cos-1b01sghpg100j?a=1730&c=XOF&m=Mutuelle%20de%20Mopti"));
    wave.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Idempotency-Key", absent())
        .withRequestBody(equalToJson("""
            {"amount":"1730","currency":"XOF","client_reference":"0b6c3c1e-5f0d-4b7e-9a51-2d7f0f6e8a42",
             "restrict_payer_mobile":"+22376123456",
             "success_url":"https://keneya.example/paid","error_url":"https://keneya.example/not-paid"}""")));
    assertThat(checkout.requestIsIdempotent()).isFalse();
    assertThat(checkout.webhookUrl()).isEqualTo("https://gw.example/callbacks/wave");
  }

  @Test
  void refusalsArePermanentAndOutagesAreNot() {
    assertCreateFails(json(400, "wave/validation-error.json"), true);
    assertCreateFails(json(401, "wave/unauthorized.json"), false);
    assertCreateFails(aResponse().withStatus(429), false);
    assertCreateFails(aResponse().withStatus(500), false);
    assertCreateFails(aResponse().withStatus(200).withBody("<html>gateway error</html>"), false);
    assertCreateFails(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":\"cos-1b01sghpg100j\"}"), false);
    wave.stubFor(post("/v1/checkout/sessions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> join(checkout.requestPayment(order()))).isInstanceOf(CompletionException.class);
    wave.stubFor(post("/v1/checkout/sessions").willReturn(json(200, "wave/session-open.json").withFixedDelay(2000)));
    assertThatThrownBy(() -> join(checkout.requestPayment(order()))).isInstanceOf(CompletionException.class);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("org.keneya.adapters.WalletFailureTable#statuses")
  void eachFailureStatusIsClassedByTheOneRule(int status, WalletFailure expected) {
    assertCreateFails(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":\"some-error\",\"message\":\"no\"}"), expected.permanent());
  }

  @Test
  void aFailureNeverCarriesWhatWaveEchoedOfOurRequest() {
    wave.stubFor(post("/v1/checkout/sessions").willReturn(json(400, "wave/validation-error.json")));
    assertThatThrownBy(() -> join(checkout.requestPayment(order())))
        .cause().isInstanceOf(RemoteFailure.class)
        .hasMessageContaining("request-validation-error")
        .hasMessageNotContaining("restrict_payer_mobile");
  }

  @Test
  void statusesAreReadFromTheRecordedSessions() {
    stubSession(200, "wave/session-succeeded.json");
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION))))
        .isEqualTo(new PaymentStatus.Successful("T_46HS5COOWE", Money.of(1730, "XOF")));
    stubSession(200, "wave/session-open.json");
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION)))).isEqualTo(new PaymentStatus.Pending());
    stubSession(200, "wave/session-cancelled.json");
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION)))).isEqualTo(new PaymentStatus.Failed("insufficient-client-funds"));
    stubSession(200, "wave/session-expired.json");
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION)))).isEqualTo(new PaymentStatus.Failed("expired"));
    stubSession(404, "wave/not-found.json");
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION)))).isEqualTo(new PaymentStatus.Unknown());
    wave.verify(getRequestedFor(urlEqualTo("/v1/checkout/sessions/" + SESSION)).withHeader("Authorization", equalTo("Bearer " + API_KEY)));
  }

  @Test
  void aSessionAboutAnotherPaymentIsNeverTakenForOurs() {
    String elsewhere = Recorded.read("wave/session-succeeded.json").replace(REF, "5d1f7a02-99c4-4e1b-8f0a-7b3c2e1d0f55");
    wave.stubFor(get("/v1/checkout/sessions/" + SESSION).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(elsewhere)));
    assertThatThrownBy(() -> join(checkout.status(new PaymentReference(REF, SESSION))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void withoutASessionIdTheSessionsAreFoundByOurReference() {
    stubSearch("wave/search-two-sessions.json");
    assertThat(join(checkout.status(new PaymentReference(REF, null))))
        .isEqualTo(new PaymentStatus.Successful("T_46HS5COOWE", Money.of(1730, "XOF")));
    wave.verify(getRequestedFor(urlPathEqualTo("/v1/checkout/sessions/search"))
        .withQueryParam("client_reference", equalTo(REF))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY)));

    stubSearch("wave/search-empty.json");
    assertThat(join(checkout.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Unknown());
  }

  @Test
  void aSearchAnswerNamingAnotherReferenceIsRefused() {
    wave.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/search")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("wave/search-two-sessions.json").replaceFirst(REF, "5d1f7a02-99c4-4e1b-8f0a-7b3c2e1d0f55"))));
    assertThatThrownBy(() -> join(checkout.status(new PaymentReference(REF, null))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void statusOutagesAreRetryable() {
    wave.stubFor(get("/v1/checkout/sessions/" + SESSION).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> join(checkout.status(new PaymentReference(REF, SESSION))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
    wave.stubFor(get("/v1/checkout/sessions/" + SESSION).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cos-1b01sghpg100j\",\"client_reference\":\"" + REF
            + "\",\"payment_status\":\"refunding\",\"checkout_status\":\"complete\"}")));
    assertThatThrownBy(() -> join(checkout.status(new PaymentReference(REF, SESSION))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void fractionalAmountsCannotMatchAnIntent() {
    assertThat(WaveCheckout.wholeUnits("1730")).isEqualTo(1730);
    assertThat(WaveCheckout.wholeUnits("1730.00")).isEqualTo(1730);
    assertThat(WaveCheckout.wholeUnits("1730.5")).isEqualTo(-1);
    assertThat(WaveCheckout.wholeUnits("abc")).isEqualTo(-1);
    String fractional = Recorded.read("wave/session-succeeded.json").replace("\"amount\": \"1730\"", "\"amount\": \"1730.5\"");
    wave.stubFor(get("/v1/checkout/sessions/" + SESSION).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(fractional)));
    assertThat(join(checkout.status(new PaymentReference(REF, SESSION))))
        .isEqualTo(new PaymentStatus.Successful("T_46HS5COOWE", Money.of(-1, "XOF")));
  }

  @Test
  void aSignedCompletedEventClaimsTheSuccess() {
    String body = Recorded.read("wave/event-completed.json");
    CallbackVerdict verdict = checkout.readCallback(signed(body, NOW.getEpochSecond(), SECRET));
    assertThat(verdict).isEqualTo(new CallbackVerdict.Claim("AE_ijzo7oGgrlM4", REF, SESSION,
        new PaymentStatus.Successful("T_46HS5COOWE", Money.of(1730, "XOF")), true));
  }

  @Test
  void aSignedPaymentFailedEventClaimsTheFailure() {
    String body = Recorded.read("wave/event-payment-failed.json");
    assertThat(checkout.readCallback(signed(body, NOW.getEpochSecond(), SECRET))).isEqualTo(new CallbackVerdict.Claim(
        "AE_k2f9Tn0cQe7B", REF, SESSION, new PaymentStatus.Failed("insufficient-client-funds"), true));
  }

  @Test
  void forgedTamperedOrStaleSignaturesAreRejected() {
    String body = Recorded.read("wave/event-completed.json");
    long now = NOW.getEpochSecond();
    assertForged(signed(body, now, "someone-elses-secret"));
    assertForged(new Callback(null, signed(body, now, SECRET).headers(), body.replace("1730", "173000")));
    assertForged(signed(body, now - 301, SECRET));
    assertForged(signed(body, now + 301, SECRET));
    assertForged(new Callback(null, Map.of(), body));
    assertForged(new Callback(null, Map.of("wave-signature", "t=" + now), body));
    assertForged(new Callback(null, Map.of("wave-signature", "t=-9223372036854775808,v1=" + hmac(SECRET, "-9223372036854775808" + body)), body));
    // Stripe's "t.body" is not Wave's scheme: a receiver that accepted it would be checking the wrong thing.
    assertForged(new Callback(null, Map.of("wave-signature", "t=" + now + ",v1=" + hmac(SECRET, now + "." + body)), body));
    // The shared-secret strategy is not a way around a signing wallet.
    assertForged(new Callback(null, Map.of("authorization", "Bearer " + SECRET), body));
    assertThat(checkout.readCallback(signed(body, now - 299, SECRET))).isInstanceOf(CallbackVerdict.Claim.class);
  }

  @Test
  void whileTheSecretRotatesAnyOfTheSignaturesWillDo() {
    String body = Recorded.read("wave/event-completed.json");
    long now = NOW.getEpochSecond();
    String header = "t=" + now + ",v1=" + hmac("the-retiring-secret", now + body) + ",v1=" + hmac(SECRET, now + body);
    assertThat(checkout.readCallback(new Callback(null, Map.of("wave-signature", header), body))).isInstanceOf(CallbackVerdict.Claim.class);
    String noneOurs = "t=" + now + ",v1=" + hmac("the-retiring-secret", now + body) + ",v1=" + hmac("another", now + body);
    assertForged(new Callback(null, Map.of("wave-signature", noneOurs), body));
  }

  @Test
  void aGenuineButUnreadableBodyIsABadRequest() {
    CallbackVerdict verdict = checkout.readCallback(signed("{not json", NOW.getEpochSecond(), SECRET));
    assertThat(verdict).isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    CallbackVerdict shapeless = checkout.readCallback(signed("{\"id\":\"AE_x\",\"type\":\"checkout.session.completed\",\"data\":\"cos-1\"}",
        NOW.getEpochSecond(), SECRET));
    assertThat(shapeless).isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
  }

  @Test
  void eventsWeDoNotUseAreIgnored() {
    assertThat(checkout.readCallback(signed(Recorded.read("wave/event-test.json"), NOW.getEpochSecond(), SECRET)))
        .isInstanceOf(CallbackVerdict.Ignored.class);
  }

  @Test
  void aSharedSecretWalletChecksTheBearerToken() {
    WaveCheckout shared = wallet(WebhookSecurity.SHARED_SECRET);
    String body = Recorded.read("wave/event-completed.json");
    assertThat(shared.readCallback(new Callback(null, Map.of("authorization", "Bearer " + SECRET), body)))
        .isEqualTo(new CallbackVerdict.Claim("AE_ijzo7oGgrlM4", REF, SESSION,
            new PaymentStatus.Successful("T_46HS5COOWE", Money.of(1730, "XOF")), true));
    assertForged(shared, new Callback(null, Map.of("authorization", "Bearer guessed"), body));
    assertForged(shared, new Callback(null, Map.of(), body));
    assertForged(shared, signed(body, NOW.getEpochSecond(), SECRET));
  }

  private void assertForged(Callback callback) {
    assertForged(checkout, callback);
  }

  private static void assertForged(WaveCheckout wallet, Callback callback) {
    assertThat(wallet.readCallback(callback)).isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isTrue());
  }

  private static Callback signed(String body, long timestamp, String secret) {
    return new Callback(null, Map.of("wave-signature", "t=" + timestamp + ",v1=" + hmac(secret, timestamp + body), "content-type",
        "application/json"), body);
  }

  private static String hmac(String secret, String message) {
    return WaveWebhooks.hmac(secret, message);
  }


  private void assertCreateFails(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer, boolean permanent) {
    wave.stubFor(post("/v1/checkout/sessions").willReturn(answer));
    assertThatThrownBy(() -> join(checkout.requestPayment(order())))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isEqualTo(permanent));
  }

  private void stubSession(int status, String recorded) {
    wave.stubFor(get("/v1/checkout/sessions/" + SESSION).willReturn(json(status, recorded)));
  }

  private void stubSearch(String recorded) {
    wave.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/search")).willReturn(json(200, recorded)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String recorded) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded));
  }
}
