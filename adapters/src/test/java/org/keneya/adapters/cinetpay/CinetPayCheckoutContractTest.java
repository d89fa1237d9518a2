package org.keneya.adapters.cinetpay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.vertx.core.Vertx;
import java.time.Clock;
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

/** CinetPay's API Checkout v2 as its documentation shapes it: initialise, check, x-token notification. */
class CinetPayCheckoutContractTest {
  private static final String REF = "3d6f1c2a-8b4e-4f7a-9c1d-5e2b7a9f0c44";
  private static final String SECRET = "4178526345e9f6d3a1b7c0e2f8a6d4c2";
  private static final Msisdn PAYER = new Msisdn("+22365123456");
  private final WireMockServer aggregator = new WireMockServer(options().dynamicPort());
  private Vertx vertx;
  private CinetPayCheckout cinetpay;

  @BeforeEach
  void start() {
    aggregator.start();
    vertx = Vertx.vertx();
    WalletConfig config = new WalletConfig("moov", "Moov Money", "CINETPAY", List.of("+2236"), List.of(),
        aggregator.baseUrl(), "https://gw.example", 2000, null, java.util.Map.of());
    cinetpay = new CinetPayCheckout(vertx, config,
        new CinetPayCheckout.Settings("12912847765bc0db748fdd44.40081707", "5871034", SECRET, "MOBILE_MONEY"),
        aggregator.baseUrl() + "/", "https://gw.example/", Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    vertx.close();
    aggregator.stop();
  }

  private <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private PaymentOrder order(long amount) {
    return new PaymentOrder(REF, PAYER, Money.of(amount, "XOF"), "Cotisation Mutuelle de Mopti #2024 & co");
  }

  @Test
  void initialisationSpeaksTheDocumentedShapeAndReturnsTheTokenAndLink() {
    stubInit(200, "cinetpay/init-created.json");
    Requested requested = join(cinetpay.requestPayment(order(1730)));

    String token = "8f3c2e9a1b7d4c6e0a5f9b2d7e1c4a3b6d8e0f2a9c5b7d1e3f4a6c8b0d2e4f6a8c0b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7";
    assertThat(requested).isEqualTo(new Requested(token, "https://checkout.cinetpay.com/payment/" + token));
    aggregator.verify(1, postRequestedFor(urlEqualTo("/v2/payment"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("""
            {"apikey":"12912847765bc0db748fdd44.40081707","site_id":"5871034","transaction_id":"%s",
             "amount":1730,"currency":"XOF","description":"Cotisation Mutuelle de Mopti 2024 co",
             "notify_url":"https://gw.example/callbacks/moov","return_url":"https://gw.example/returns/moov",
             "channels":"MOBILE_MONEY","metadata":"%s","lang":"fr",
             "customer_phone_number":"+22365123456","lock_phone_number":true}""".formatted(REF, REF))));
  }

  @Test
  void aRepeatedTransactionIdIsRefusedForGood_itsLinkCannotBeHadAgain() {
    stubInit(200, "cinetpay/init-duplicate.json");
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1730))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("already has transaction " + REF);
        });
    stubInit(400, "cinetpay/init-duplicate.json");
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1730))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isTrue());
    assertThat(cinetpay.requestIsIdempotent()).isTrue();
  }

  @Test
  void refusalsArePermanentAndOutagesAreNot() {
    stubInit(200, "cinetpay/init-refused.json");
    assertPermanence(true);
    stubInit(400, "cinetpay/init-refused.json");
    assertPermanence(true);
    stubInit(200, "cinetpay/init-bad-credentials.json");
    assertPermanence(false);
    stubInit(401, "cinetpay/init-bad-credentials.json");
    assertPermanence(false);
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withStatus(500).withBody("<html>Bad gateway</html>")));
    assertPermanence(false);
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
    assertPermanence(false);
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1730)))).isInstanceOf(CompletionException.class);
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withStatus(200)
        .withBody(Recorded.read("cinetpay/init-created.json")).withFixedDelay(4000)));
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1730)))).isInstanceOf(CompletionException.class);
  }

  /** An answer without CinetPay's own code: its HTTP status alone decides. */
  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("org.keneya.adapters.WalletFailureTable#statuses")
  void eachFailureStatusIsClassedByTheOneRule(int status, WalletFailure expected) {
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withStatus(status).withBody("<html>error</html>")));
    assertPermanence(expected.permanent());
  }

  @Test
  void amountsThatAreNotAMultipleOfFiveAreRefusedWithoutACall() {
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1732))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isTrue());
    aggregator.verify(0, postRequestedFor(urlEqualTo("/v2/payment")));
  }

  @Test
  void statusesAreReadFromTheRecordedAnswers() {
    stubCheck(200, "cinetpay/check-accepted.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Successful("8210612734519", Money.of(1730, "XOF")));
    stubCheck(200, "cinetpay/check-waiting.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Pending());
    stubCheck(200, "cinetpay/check-refused.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Failed("TRANSACTION_CANCEL"));
    stubCheck(200, "cinetpay/check-failed-without-status.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Failed("PAYMENT_FAILED"));
    stubCheck(200, "cinetpay/check-not-found.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Unknown());
    stubCheck(404, "cinetpay/check-not-found.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Unknown());
    // CinetPay puts its own code in the body whatever the HTTP status: a refusal sent as 400 is still read.
    stubCheck(400, "cinetpay/check-refused.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Failed("TRANSACTION_CANCEL"));
    aggregator.verify(postRequestedFor(urlEqualTo("/v2/payment/check")).withRequestBody(equalToJson("""
        {"apikey":"12912847765bc0db748fdd44.40081707","site_id":"5871034","transaction_id":"%s"}""".formatted(REF))));
  }

  @Test
  void anAnswerAboutAnotherPaymentIsNeverAStatus() {
    stubCheck(200, "cinetpay/check-other-payment.json");
    assertThatThrownBy(this::status).cause()
        .isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void fractionalAmountsCannotMatchAnIntent() {
    stubCheck(200, "cinetpay/check-fractional.json");
    assertThat(status()).isEqualTo(new PaymentStatus.Successful("8210612734519", Money.of(-1, "XOF")));
    assertThat(CinetPayCheckout.wholeUnits("1730.00")).isEqualTo(1730);
    assertThat(CinetPayCheckout.wholeUnits(1730)).isEqualTo(1730);
    assertThat(CinetPayCheckout.wholeUnits(null)).isEqualTo(-1);
  }

  @Test
  void checkOutagesAreRetryable() {
    aggregator.stubFor(post("/v2/payment/check").willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(this::status).cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
    stubCheck(401, "cinetpay/init-bad-credentials.json");
    assertThatThrownBy(this::status).cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
    aggregator.stubFor(post("/v2/payment/check").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(this::status).isInstanceOf(CompletionException.class);
    aggregator.stubFor(post("/v2/payment/check").willReturn(aResponse().withStatus(200)
        .withBody(Recorded.read("cinetpay/check-accepted.json")).withFixedDelay(4000)));
    assertThatThrownBy(this::status).isInstanceOf(CompletionException.class);
  }

  @Test
  void aGenuineNotificationNamesThePaymentAndLeavesTheStatusToTheCheck() {
    String body = Recorded.read("cinetpay/notification-accepted.form");
    String token = sign(body);
    CallbackVerdict verdict = cinetpay.readCallback(new Callback(null, Map.of("x-token", token), body));
    assertThat(verdict).isEqualTo(new CallbackVerdict.Claim(REF + ":" + token.substring(0, 16), REF, null, null, true));
    // Upper-case hex is the same token.
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", token.toUpperCase()), body)))
        .isInstanceOf(CallbackVerdict.Claim.class);
  }

  @Test
  void theSameNotificationTwiceIsOneEventAndANewStatusIsAnother() {
    String accepted = Recorded.read("cinetpay/notification-accepted.form");
    String waiting = Recorded.read("cinetpay/notification-waiting.form");
    var first = (CallbackVerdict.Claim) cinetpay.readCallback(new Callback(null, Map.of("x-token", sign(waiting)), waiting));
    var again = (CallbackVerdict.Claim) cinetpay.readCallback(new Callback(null, Map.of("x-token", sign(waiting)), waiting));
    var last = (CallbackVerdict.Claim) cinetpay.readCallback(new Callback(null, Map.of("x-token", sign(accepted)), accepted));
    assertThat(again.eventId()).isEqualTo(first.eventId());
    assertThat(last.eventId()).isNotEqualTo(first.eventId());
  }

  @Test
  void forgedOrTamperedNotificationsAreRejected() {
    String body = Recorded.read("cinetpay/notification-accepted.form");
    String token = sign(body);
    assertForged(new Callback(null, Map.of(), body));
    assertForged(new Callback(null, Map.of("x-token", "0".repeat(64)), body));
    assertForged(new Callback(null, Map.of("x-token", token), body.replace("cpm_amount=1730", "cpm_amount=17300")));
    assertForged(new Callback(null, Map.of("x-token", signWith(body, "another-secret")), body));
    // Genuinely signed, but for another CinetPay site.
    String otherSite = body.replace("cpm_site_id=5871034", "cpm_site_id=445160");
    assertForged(new Callback(null, Map.of("x-token", sign(otherSite)), otherSite));
  }

  @Test
  void unreadableNotificationsAreRejectedAndOthersIgnored() {
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", "abc"), "{\"cpm_trans_id\":\"" + REF + "\"}")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", "abc"), "cpm_trans_id=%zz")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", "abc"), "cpm_trans_id=a&cpm_trans_id=b")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", "abc"), "cpm_site_id=5871034")))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isFalse());
    assertThat(cinetpay.readCallback(new Callback(null, Map.of(), null))).isInstanceOf(CallbackVerdict.Ignored.class);
    assertThat(cinetpay.readCallback(new Callback(null, null, ""))).isInstanceOf(CallbackVerdict.Ignored.class);
    // Signed by CinetPay for this site, but a transaction of another shop sharing the site.
    String shop = Recorded.read("cinetpay/notification-accepted.form").replace(REF, "CMD-20240612-0042");
    assertThat(cinetpay.readCallback(new Callback(null, Map.of("x-token", sign(shop)), shop)))
        .isInstanceOf(CallbackVerdict.Ignored.class);
  }

  @Test
  void theTokenFollowsTheDocumentedOrder() {
    Map<String, String> form = CinetPayCheckout.readForm(Recorded.read("cinetpay/notification-accepted.form"));
    assertThat(form).containsEntry("cpm_trans_date", "2024-06-12 14:07:24")
        .containsEntry("cpm_designation", "Cotisation mutuelle de sante");
    assertThat(CinetPayCheckout.xToken(form, SECRET)).isEqualTo(sign(Recorded.read("cinetpay/notification-accepted.form")));
  }

  private void assertForged(Callback callback) {
    assertThat(cinetpay.readCallback(callback))
        .isInstanceOfSatisfying(CallbackVerdict.Rejected.class, r -> assertThat(r.forged()).isTrue());
  }

  private void assertPermanence(boolean permanent) {
    assertThatThrownBy(() -> join(cinetpay.requestPayment(order(1730))))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isEqualTo(permanent));
  }

  private PaymentStatus status() {
    return join(cinetpay.status(new PaymentReference(REF, null)));
  }

  private void stubInit(int status, String recorded) {
    aggregator.stubFor(post("/v2/payment").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded))));
  }

  private void stubCheck(int status, String recorded) {
    aggregator.stubFor(post("/v2/payment/check").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded))));
  }

  private static String sign(String form) {
    return signWith(form, SECRET);
  }

  private static String signWith(String form, String secret) {
    return CinetPayNotifications.sign(form, secret);
  }

}
