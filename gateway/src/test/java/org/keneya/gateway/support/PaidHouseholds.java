package org.keneya.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.keneya.adapters.Recorded;

/**
 * Households of the Mopti mutual that pay in full by USSD through a {@link GatewayFixture}'s real
 * routes: enrolled by the admin API, dialled, confirmed by the MoMo wallet's callback, booked.
 */
public final class PaidHouseholds {
  private PaidHouseholds() {}

  /** Stubs the fixture's MoMo and SMS APIs so that requests are accepted and stay pending until confirmed. */
  public static void stubWalletAndSms(GatewayFixture gateway) {
    gateway.momo.stubFor(post("/collection/token/").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/token.json"))));
    gateway.momo.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202)));
    gateway.momo.stubFor(get(urlPathMatching("/collection/v1_0/requesttopay/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("momo/status-pending.json"))));
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(Recorded.read("africastalking/sent.json"))));
  }

  /**
   * Enrols a household of two headed by {@code msisdn} (a +2237 number, eight digits after 223),
   * pays its 4,460 FCFA by USSD and confirms it as the wallet would; returns the receipt number.
   */
  public static String pay(GatewayFixture gateway, String msisdn) {
    String body = """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Awa Coulibaly","headMsisdn":"%s",
         "members":[{"name":"Issa Coulibaly","birthYear":2014}]}
        """.formatted(msisdn);
    HttpResponse<String> created = gateway.admin("POST", "/api/v1/households", "application/json", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String session = "paid-" + msisdn.substring(1);
    for (String text : new String[] {"", "1", "1*1", "1*1*1"}) assertThat(gateway.ussd(session, msisdn, text).body()).startsWith("CON ");
    assertThat(gateway.ussd(session, msisdn, "1*1*1*1").body()).startsWith("END ");
    String payer = msisdn.substring(1);
    eventually(5, () -> gateway.momo.verify(1, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(payer)))));
    var request = gateway.momo.findAll(postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay"))
        .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(payer)))).get(0);
    String referenceId = request.getHeader("X-Reference-Id");
    String amount = new JsonObject(request.getBodyAsString()).getString("amount");
    String confirmed = new JsonObject(Recorded.read("momo/status-successful.json"))
        .put("financialTransactionId", "tx-" + payer).put("amount", amount)
        .put("payer", new JsonObject().put("partyIdType", "MSISDN").put("partyId", payer)).encode();
    gateway.momo.stubFor(get(urlEqualTo("/collection/v1_0/requesttopay/" + referenceId)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(confirmed)));
    HttpResponse<String> callback = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/callbacks/momo/" + referenceId)))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(confirmed)).build());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    String[] receipt = new String[1];
    eventually(5, () -> {
      var rows = gateway.sql("SELECT r.receipt_number FROM receipt r JOIN payment_intent p ON p.id = r.payment_intent_id WHERE p.id = '"
          + referenceId + "'");
      assertThat(rows).hasSize(1);
      receipt[0] = (String) rows.get(0).get("receipt_number");
    });
    return receipt[0];
  }
}
