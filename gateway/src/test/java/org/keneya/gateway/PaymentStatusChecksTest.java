package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.adapters.Recorded;

/** Payments with no callback, or whose request timed out, are resolved by our own status checks. */
class PaymentStatusChecksTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture(Map.of("KENEYA_PAYMENTS_POLL_AFTER_SECONDS", "1", "KENEYA_PAYMENTS_POLL_INTERVAL_SECONDS", "1"));
    gateway.momo.stubFor(post("/collection/token/").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/token.json"))));
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("africastalking/sent.json"))));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private void enrolAndPay(String msisdn, String session) {
    assertThat(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"sio","product":"mopti-annual","headName":"Hawa Cisse","headMsisdn":"%s"}"""
        .formatted(msisdn)).statusCode()).isEqualTo(201);
    gateway.ussd(session, msisdn, "");
    gateway.ussd(session, msisdn, "1");
    gateway.ussd(session, msisdn, "1*1");
    assertThat(gateway.ussd(session, msisdn, "1*1*1").body()).startsWith("END ");
  }

  @Test
  void aRequestThatTimedOutIsAskedAgainUnderTheSameReferenceAndBookedOnce() {
    // The wallet takes longer than our time limit to accept, and has no record of the request yet.
    gateway.momo.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202).withFixedDelay(2500)));
    gateway.momo.stubFor(get(urlPathMatching("/collection/v1_0/requesttopay/.*")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/not-found.json"))));
    enrolAndPay("+22376333333", "at-timeout");
    eventually(4, () -> assertThat(gateway.sql("SELECT status FROM payment_intent").get(0)).containsEntry("status", "INITIATING"));

    // The status check finds nothing at the wallet and asks again, with the same reference id.
    eventually(20, () -> gateway.momo.verify(2, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))));
    List<LoggedRequest> requests = gateway.momo.findAll(postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay")));
    assertThat(requests.get(1).getHeader("X-Reference-Id")).isEqualTo(requests.get(0).getHeader("X-Reference-Id"));
    assertThat(gateway.count("SELECT count(*) FROM receipt")).isZero();

    // The member approves; no callback ever comes, our status check books it, once.
    gateway.momo.stubFor(get(urlPathMatching("/collection/v1_0/requesttopay/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/status-successful.json")
            .replace("\"11380\"", "\"2730\""))));
    eventually(20, () -> assertThat(gateway.count("SELECT count(*) FROM receipt")).isEqualTo(1));
    eventually(10, () -> gateway.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging"))));
    assertThat(gateway.sql("SELECT amount FROM receipt").get(0)).containsEntry("amount", 2730L);
    assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();
  }
}
