package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keneya.adapters.Recorded;
import org.keneya.gateway.support.GatewayFixture;

/** Both aggregator protocols reach the same menus; odd requests get a defined answer, never a stack trace. */
class UssdProtocolsTest {
  private static final String MEMBER = "+22376777777";
  /** The household that pays in these tests; the others only browse, so no payment is pending for them. */
  private static final String PAYER = "+22376777778";
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    gateway.momo.stubFor(post("/collection/token/").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/token.json"))));
    gateway.momo.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202)));
    gateway.momo.stubFor(get(urlPathMatching("/collection/v1_0/requesttopay/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/status-pending.json"))));
    assertThat(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"nongon-cotton","section":"nongon","product":"cotton-harvest","headName":"Modibo Sanogo","headMsisdn":"%s"}"""
        .formatted(MEMBER)).statusCode()).isEqualTo(201);
    assertThat(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"nongon-cotton","section":"nongon","product":"cotton-harvest","headName":"Awa Sanogo","headMsisdn":"%s"}"""
        .formatted(PAYER)).statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private HttpResponse<String> freeflowGet(String session, String msisdn, String type, String input) {
    String query = "msisdn=" + enc(msisdn) + "&sessionid=" + enc(session.isEmpty() ? "" : gateway.session(session)) + "&type=" + type + "&input=" + enc(input);
    return gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow?" + query))).GET().build());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void freeflowReachesTheSameMenusAndPays() {
    HttpResponse<String> begin = freeflowGet("ff-1", PAYER, "begin", "*144#");
    assertThat(begin.statusCode()).isEqualTo(200);
    assertThat(begin.headers().firstValue("Freeflow")).hasValue("FC");
    assertThat(begin.body()).contains("1. Francais").doesNotStartWith("CON");
    assertThat(freeflowGet("ff-1", PAYER, "continue", "1").body()).contains("Foyer NGN-");
    assertThat(freeflowGet("ff-1", PAYER, "continue", "1").body()).contains("kg");
    assertThat(freeflowGet("ff-1", PAYER, "continue", "800").body()).contains("800 kg x 2 FCFA = 1 600 FCFA");
    HttpResponse<String> paid = gateway.postForm("/ussd/freeflow",
        java.util.Map.of("msisdn", PAYER, "sessionid", gateway.session("ff-1"), "type", "continue", "input", "1"));
    assertThat(paid.headers().firstValue("Freeflow")).hasValue("FB");
    assertThat(paid.body()).contains("1 600 FCFA");
    eventually(5, () -> gateway.momo.verify(1, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))));
    assertThat(gateway.sql("SELECT amount FROM payment_intent WHERE channel_ref = 'freeflow:" + gateway.session("ff-1") + "'").get(0)).containsEntry("amount", 1600L);
  }

  @Test
  void freeflowEndAndBadRequests() {
    freeflowGet("ff-2", MEMBER, "begin", "*144#");
    HttpResponse<String> end = freeflowGet("ff-2", MEMBER, "end", "");
    assertThat(end.statusCode()).isEqualTo(200);
    assertThat(end.headers().firstValue("Freeflow")).hasValue("FB");
    // After the network closed it, the same id starts afresh.
    assertThat(freeflowGet("ff-2", MEMBER, "continue", "1").body()).contains("1. Francais");
    assertThat(freeflowGet("ff-3", MEMBER, "resume", "1").statusCode()).isEqualTo(400);
    assertThat(freeflowGet("", MEMBER, "begin", "").statusCode()).isEqualTo(400);
    assertThat(freeflowGet("ff-4", "nobody", "begin", "").statusCode()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"😀", "'; DROP TABLE receipt; --", "99999999999999999999", "-1", "1.5", " ", "%s"})
  void oddInputGetsTheScreenAgainWithAHint(String odd) {
    String session = "odd-" + Math.abs(odd.hashCode());
    gateway.ussd(session, MEMBER, "");
    gateway.ussd(session, MEMBER, "1");
    gateway.ussd(session, MEMBER, "1*1");
    HttpResponse<String> answer = gateway.ussd(session, MEMBER, "1*1*" + odd);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("CON ").contains("kg");
    assertThat(answer.body().length()).isLessThanOrEqualTo(4 + 182);
    // Back to the menu: the payment is dropped on purpose, so the next case is not offered to resume it.
    assertThat(gateway.ussd(session, MEMBER, "1*1*" + odd + "*00").body()).contains("1. Payer ma cotisation");
  }

  @Test
  void tenKilobytesOfInputIsAnsweredNotRefused() {
    gateway.ussd("big", MEMBER, "");
    HttpResponse<String> answer = gateway.ussd("big", MEMBER, "1".repeat(10_000));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("CON Choix invalide.");
  }

  @Test
  void bytesThatAreNotUtf8AreAnsweredAsInvalidChoice() {
    gateway.ussd("latin1", MEMBER, "");
    String body = "sessionId=" + gateway.session("latin1") + "&serviceCode=*144%23&phoneNumber=%2B22376777777&networkCode=61001&text=%E9%FF%FE";
    HttpResponse<String> answer = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/at")))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("CON Choix invalide.");
  }

  @Test
  void anUnknownSessionMidFlowStartsAtTheFirstScreen() {
    HttpResponse<String> answer = gateway.ussd("never-seen", MEMBER, "1*1*1");
    assertThat(answer.body()).startsWith("CON ").contains("1. Francais");
    assertThat(gateway.ussd("never-seen", MEMBER, "1*1*1*1").body()).contains("Foyer NGN-");
  }

  @Test
  void requestsTooLargeOrOfTheWrongKindAreRefusedPlainly() {
    HttpResponse<String> huge = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/at")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("sessionId=x&phoneNumber=%2B22376777777&text=" + "1".repeat(40_000))).build());
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).doesNotContain("Exception");
    HttpResponse<String> wrongMethod = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/at"))).GET().build());
    assertThat(wrongMethod.statusCode()).isIn(404, 405);
  }
}
