package org.keneya.adapters.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.config.KeneyaConfig.SmsConfig;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RemoteFailure;

/** Africa's Talking bulk SMS as its documentation shapes it. */
class AfricasTalkingSmsContractTest {
  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private Vertx vertx;
  private AfricasTalkingSms sms;

  @BeforeEach
  void start() {
    api.start();
    vertx = Vertx.vertx();
    sms = new AfricasTalkingSms(vertx, new SmsConfig(api.baseUrl(), "keneya", "secret-key", "KENEYA", 10_000, 10, 20, java.util.List.of("223"), 0), api.baseUrl() + "/");
  }

  @AfterEach
  void stop() {
    vertx.close();
    api.stop();
  }

  private void answer(int status, String recorded) {
    api.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read(recorded))));
  }

  @Test
  void sendsTheDocumentedFormAndReturnsTheMessageId() {
    answer(201, "africastalking/sent.json");
    String id = sms.send(new Msisdn("+22376123456"), "MOP recu MOP-R0000001: 11 380 FCFA").toCompletableFuture().join();
    assertThat(id).isEqualTo("ATXid_5a4d3a0d1c2b3e4f5a6b7c8d9e0f1a2b");
    api.verify(postRequestedFor(urlEqualTo("/version1/messaging"))
        .withHeader("apiKey", equalTo("secret-key"))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withRequestBody(containing("username=keneya"))
        .withRequestBody(containing("to=%2B22376123456"))
        .withRequestBody(containing("from=KENEYA"))
        .withRequestBody(containing("message=MOP+recu+MOP-R0000001")));
  }

  @Test
  void aBadNumberIsAPermanentRefusalAndAnEmptyBalanceIsNot() {
    answer(201, "africastalking/invalid-number.json");
    assertThatThrownBy(() -> sms.send(new Msisdn("+22300000000"), "x").toCompletableFuture().join())
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isTrue());
    answer(201, "africastalking/insufficient-balance.json");
    assertThatThrownBy(() -> sms.send(new Msisdn("+22376123456"), "x").toCompletableFuture().join())
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void serverErrorsAndGarbageAreRetryable() {
    api.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> sms.send(new Msisdn("+22376123456"), "x").toCompletableFuture().join())
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
    api.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withBody("<html>oops</html>")));
    assertThatThrownBy(() -> sms.send(new Msisdn("+22376123456"), "x").toCompletableFuture().join()).isNotNull();
  }
}
