package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.gateway.support.GatewayFixture;

/**
 * SMS pumping: the mutual pays every SMS we send, so nobody may make us send to far-away numbers, nor get
 * an answer from any number at will. The deployment's country is Mali (+223); its one wallet serves any number.
 */
class SmsAbuseTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("africastalking/sent.json"))));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String metrics() {
    return gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/metrics"))).build()).body();
  }

  private static String inbound(String from, String id, String text) {
    var answer = gateway.postForm("/sms/inbound", Map.of("from", from, "to", "36444", "text", text, "id", id, "date", "2026-11-23 10:00:00"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  @Test
  void anSmsToAForeignNumberIsMarkedFailedAndNeverSent_oneToMaliGoes() {
    PgOutbox outbox = new PgOutbox(gateway.app.pool());
    outbox.enqueueSms("test:foreign", "+33612345678", "MOP recu R1").toCompletionStage().toCompletableFuture().join();
    outbox.enqueueSms("test:home", "+22373000050", "MOP recu R2").toCompletionStage().toCompletableFuture().join();

    eventually(10, () -> assertThat(gateway.sql("SELECT status FROM outbox WHERE dedup_key = 'test:home'").get(0))
        .containsEntry("status", "DONE"));
    eventually(10, () -> assertThat(gateway.sql("SELECT status, last_error FROM outbox WHERE dedup_key = 'test:foreign'").get(0))
        .containsEntry("status", "FAILED").containsEntry("last_error", "destination_not_allowed"));
    gateway.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging")).withRequestBody(containing("22373000050")));
    gateway.sms.verify(0, postRequestedFor(urlEqualTo("/version1/messaging")).withRequestBody(containing("33612345678")));
    assertThat(metrics()).contains("keneya_sms_total{outcome=\"refused_destination\"} 1.0");
  }

  @Test
  void anSmsFromANumberOurAnswerCouldNotGoToGetsNoAnswer() {
    assertThat(inbound("+12025550123", "ATXid_us_1", "droits")).contains("not_answered");
    assertThat(inbound("0033699887766", "ATXid_fr_1", "aide")).contains("not_answered");
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE payload->>'to' IN ('+12025550123', '+33699887766')"
        + " OR dedup_key IN ('sms-in:ATXid_us_1', 'sms-in:ATXid_fr_1')")).isZero();
    assertThat(metrics()).contains("keneya_inbound_sms_total{outcome=\"refused_origin\"} 2.0");
  }

  @Test
  void anUnknownMalianNumberIsAnsweredOnceADay_howeverOftenItTexts() {
    String stranger = "+22373777001";
    assertThat(inbound(stranger, "ATXid_stranger_1", "droits")).contains("\"answered\"");
    assertThat(inbound(stranger, "ATXid_stranger_2", "droits")).contains("not_answered");
    assertThat(inbound(stranger, "ATXid_stranger_3", "aide")).contains("not_answered");
    // The aggregator posting the first one again changes nothing.
    assertThat(inbound(stranger, "ATXid_stranger_1", "droits")).contains("already_answered");
    assertThat(gateway.sql("SELECT dedup_key FROM outbox WHERE payload->>'to' = '" + stranger + "'")).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("dedup_key", "sms-in:ATXid_stranger_1"));
    assertThat(metrics()).contains("keneya_inbound_sms_total{outcome=\"unknown_number_again\"} 2.0");
  }
}
