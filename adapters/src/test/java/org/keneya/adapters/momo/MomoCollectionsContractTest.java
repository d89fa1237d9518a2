package org.keneya.adapters.momo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keneya.adapters.Recorded;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.WalletFailure;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider.PaymentOrder;
import org.keneya.flows.ports.PaymentProvider.PaymentReference;
import org.keneya.flows.ports.PaymentProvider.Requested;
import org.keneya.flows.ports.PaymentProvider.PaymentStatus;

/** MoMo Collections as its documentation shapes it: token, request-to-pay, status. */
class MomoCollectionsContractTest {
  private static final String REF = "6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11";
  private final WireMockServer wallet = new WireMockServer(options().dynamicPort());
  private Vertx vertx;
  private MomoCollections momo;

  @BeforeEach
  void start() {
    wallet.start();
    vertx = Vertx.vertx();
    WalletConfig config = new WalletConfig("momo", "MoMo", "MOMO", java.util.List.of(), java.util.List.of(),
        wallet.baseUrl(), "https://gw.example", 1000, null, java.util.Map.of());
    momo = new MomoCollections(vertx, config, new MomoCollections.Settings("api-user", "api-key", "sub-key", "mtnivorycoast"),
        wallet.baseUrl(), "https://gw.example/", Clock.systemUTC());
    wallet.stubFor(post("/collection/token/").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/token.json"))));
  }

  @AfterEach
  void stop() {
    vertx.close();
    wallet.stop();
  }

  private <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void requestToPaySpeaksTheDocumentedShapeAndReusesTheToken() {
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202)));
    Msisdn payer = new Msisdn("+22576123456");
    join(momo.requestPayment(new PaymentOrder(REF, payer, Money.of(11380, "XOF"), "Cotisation")));
    join(momo.requestPayment(new PaymentOrder(REF, payer, Money.of(11380, "XOF"), "Cotisation")));

    wallet.verify(1, postRequestedFor(urlEqualTo("/collection/token/"))
        .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("api-user:api-key".getBytes())))
        .withHeader("Ocp-Apim-Subscription-Key", equalTo("sub-key")));
    wallet.verify(2, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withHeader("Authorization", equalTo("Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.eyJjbGllbnRJZCI6IjQ1MmNlYTQ4In0.c2lnbmF0dXJl"))
        .withHeader("X-Reference-Id", equalTo(REF))
        .withHeader("X-Target-Environment", equalTo("mtnivorycoast"))
        .withHeader("X-Callback-Url", equalTo("https://gw.example/callbacks/momo/" + REF))
        .withHeader("Ocp-Apim-Subscription-Key", equalTo("sub-key"))
        .withRequestBody(equalToJson("""
            {"amount":"11380","currency":"XOF","externalId":"6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11",
             "payer":{"partyIdType":"MSISDN","partyId":"22576123456"},"payerMessage":"Cotisation","payeeNote":"6f4a1f4e-7c2e-4b7a-9f7e-2f1b8f0e9a11"}""")));
  }

  @Test
  void aDuplicateReferenceCountsAsAccepted() {
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(409)
        .withBody("{\"code\":\"RESOURCE_ALREADY_EXIST\",\"message\":\"Duplicated reference id\"}")));
    assertThat(join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .as("an earlier try got through").isEqualTo(Requested.byOurReference());
  }

  @Test
  void refusalsArePermanentAndOutagesAreNot() {
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(400)
        .withBody("{\"code\":\"PAYER_NOT_FOUND\"}")));
    assertThatThrownBy(() -> join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isTrue());
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .isInstanceOf(CompletionException.class);
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202).withFixedDelay(2000)));
    assertThatThrownBy(() -> join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .isInstanceOf(CompletionException.class);
  }

  static java.util.stream.Stream<Arguments> failureStatuses() {
    return org.keneya.adapters.WalletFailureTable.statusesBut(409);
  }

  /** 408 among them: a timeout, not a refusal (the request may have reached MoMo; asking again under the same X-Reference-Id is safe). */
  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("failureStatuses")
  void eachFailureStatusIsClassedByTheOneRule(int status, WalletFailure expected) {
    wallet.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody("{\"code\":\"SOME_CODE\"}")));
    assertThatThrownBy(() -> join(momo.requestPayment(new PaymentOrder(REF, new Msisdn("+22376123456"), Money.of(1730, "XOF"), "y"))))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isEqualTo(expected.permanent()));
  }

  @Test
  void statusesAreReadFromTheRecordedBodies() {
    stubStatus(200, "momo/status-successful.json");
    assertThat(join(momo.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Successful("363440463", Money.of(11380, "XOF")));
    stubStatus(200, "momo/status-pending.json");
    assertThat(join(momo.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Pending());
    stubStatus(200, "momo/status-failed.json");
    assertThat(join(momo.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Failed("APPROVAL_REJECTED"));
    stubStatus(404, "momo/not-found.json");
    assertThat(join(momo.status(new PaymentReference(REF, null)))).isEqualTo(new PaymentStatus.Unknown());
    wallet.verify(getRequestedFor(urlEqualTo("/collection/v1_0/requesttopay/" + REF))
        .withHeader("X-Target-Environment", equalTo("mtnivorycoast")));
  }

  @Test
  void anExpiredTokenIsReplaced() {
    wallet.stubFor(get("/collection/v1_0/requesttopay/" + REF).willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> join(momo.status(new PaymentReference(REF, null)))).isInstanceOf(CompletionException.class);
    stubStatus(200, "momo/status-pending.json");
    join(momo.status(new PaymentReference(REF, null)));
    wallet.verify(2, postRequestedFor(urlEqualTo("/collection/token/")));
  }

  @Test
  void fractionalAmountsCannotMatchAnIntent() {
    assertThat(MomoCollections.wholeUnits("11380.00")).isEqualTo(11380);
    assertThat(MomoCollections.wholeUnits("11380.5")).isEqualTo(-1);
    assertThat(MomoCollections.wholeUnits("abc")).isEqualTo(-1);
  }

  private void stubStatus(int status, String recorded) {
    wallet.stubFor(get("/collection/v1_0/requesttopay/" + REF).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded))));
  }
}
