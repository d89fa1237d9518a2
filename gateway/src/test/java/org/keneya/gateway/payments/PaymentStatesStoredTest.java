package org.keneya.gateway.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.flows.payments.PaymentState;
import org.keneya.gateway.support.GatewayFixture;

/** The states of {@link PaymentState} as the database stores them, and a change the table refuses left undone. */
class PaymentStatesStoredTest {
  private static final String COLLECTOR = "+22376000200";
  private static final String HEAD = "+22376000301";
  private GatewayFixture gateway;

  @BeforeEach
  void start() {
    gateway = new GatewayFixture();
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("africastalking/sent.json"))));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void theSchemaAllowsExactlyTheStatesThatPaymentStateNames() {
    String check = gateway.sql("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'payment_intent_status_check'")
        .get(0).get("def").toString();
    Set<String> allowed = new java.util.TreeSet<>();
    Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(check);
    while (quoted.find()) allowed.add(quoted.group(1));
    assertThat(allowed).isEqualTo(Arrays.stream(PaymentState.values()).map(PaymentState::code).collect(Collectors.toCollection(java.util.TreeSet::new)));
  }

  /**
   * A deposit still awaiting its member whose payment was booked meanwhile (which no path does
   * today): the member's dispute may not turn a booked payment into a failed one. Nothing of the
   * dispute is kept; the old code marked the booked payment FAILED.
   */
  @Test
  void aDisputeMayNotFailAPaymentThatNoLongerAwaitsItsMember() {
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Mariam Diallo","headMsisdn":"%s","language":"fr",
         "members":[{"name":"Oumar Diallo","birthYear":2016}]}""".formatted(HEAD));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var collector = gateway.admin("POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","name":"Bakary Traore","msisdn":"%s","pin":"4821"}""".formatted(COLLECTOR));
    assertThat(collector.statusCode()).as(collector.body()).isEqualTo(201);
    for (String text : new String[] {"", "1", "1*76000301", "1*76000301*1", "1*76000301*1*4460", "1*76000301*1*4460*0"}) {
      assertThat(gateway.ussd("d1", COLLECTOR, text, "61002").statusCode()).isEqualTo(200);
    }
    assertThat(gateway.ussd("d1", COLLECTOR, "1*76000301*1*4460*0*4821", "61002").body()).startsWith("END Dépôt enregistré, code ");
    Map<String, Object> deposit = gateway.sql("SELECT code, payment_intent_id::text AS intent FROM cash_deposit").get(0);
    assertThat(gateway.sql("SELECT status FROM payment_intent WHERE id = '" + deposit.get("intent") + "'").get(0))
        .containsEntry("status", PaymentState.AWAITING_MEMBER.code());
    gateway.sql("UPDATE payment_intent SET status = 'SUCCESSFUL' WHERE id = '" + deposit.get("intent") + "' RETURNING id");

    gateway.postForm("/sms/inbound", Map.of("from", HEAD, "to", "36180", "text", "NON " + deposit.get("code"), "id", "in-1"));

    assertThat(gateway.sql("SELECT status FROM payment_intent WHERE id = '" + deposit.get("intent") + "'").get(0))
        .containsEntry("status", "SUCCESSFUL");
    assertThat(gateway.sql("SELECT status FROM cash_deposit").get(0)).as("the dispute is not kept either").containsEntry("status", "PENDING");
  }
}
