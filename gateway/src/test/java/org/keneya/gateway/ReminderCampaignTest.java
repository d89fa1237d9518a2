package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgRights;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.reminders.ReminderRun;
import org.keneya.gateway.support.GatewayFixture;

/**
 * A harvest campaign on a real database and through the gateway's own SMS worker: who is reminded
 * (amount due, not opted out, not paid, the region's season), with what text; once per household
 * and reminder across instances, days and a run taken over; the weekly cap; and the report by
 * section with delivery and payment within 7 and 30 days.
 */
class ReminderCampaignTest {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  private static final LocalDate DECEMBER_1 = LocalDate.of(2026, 12, 1);
  private static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());
  private static GatewayFixture gateway;
  private static PgPayments payments;
  private static int intents;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture(Map.of("KENEYA_SMS_MAX_PER_SECOND", "500"));
    payments = new PgPayments(gateway.app.pool(), gateway.config, MESSAGES);
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("""
            {"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: XOF 25.0000","Recipients":[{"statusCode":101,
             "number":"{{formData request.body 'form' urlDecode=true}}{{form.to}}","status":"Success","cost":"XOF 25.0000",
             "messageId":"ATXid_{{randomValue length=24 type='ALPHANUMERIC'}}"}]}}""")
        .withTransformers("response-template")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static ReminderRun run(LocalDateTime at) {
    return new ReminderRun(new PgRights(gateway.app.pool()), new PgReminders(gateway.app.pool()), gateway.config, MESSAGES,
        Clock.fixed(at.atZone(BAMAKO).toInstant(), BAMAKO), new Metrics(new SimpleMeterRegistry()));
  }

  private static UUID enrol(String mutual, String section, String product, String msisdn, int persons, String language) {
    StringBuilder members = new StringBuilder();
    for (int i = 1; i < persons; i++) members.append(i > 1 ? "," : "").append("{\"name\":\"Enfant ").append(i).append("\",\"birthYear\":2015}");
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"%s","section":"%s","product":"%s","headName":"Fatoumata Traore","headMsisdn":"%s","language":"%s",
         "guaranteeLevel":%s,"members":[%s]}""".formatted(mutual, section, product, msisdn, language,
        product.equals("urban-voluntary") ? "\"combined\"" : "null", members));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return UUID.fromString(new JsonObject(created.body()).getString("id"));
  }

  /** Books a year of the Mopti product for the whole household, paid on {@code paidOn}. */
  private static void paid(UUID household, int persons, LocalDate paidOn) {
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, persons, 1, 0, 0);
    PaymentIntent intent = join(payments.createIntent(household, null, "momo", "+22370000000", quote, "fr", "reminder-test:" + (++intents),
        Instant.now().plusSeconds(600)));
    join(payments.confirm(intent.id(), "TX-" + intent.id(), Money.of(quote.memberPays(), "XOF"), paidOn));
  }

  private static Map<String, String> reminderSms() {
    return gateway.sql("SELECT payload->>'to' AS to, payload->>'message' AS message FROM outbox WHERE dedup_key LIKE 'reminder:%'").stream()
        .collect(Collectors.toMap(r -> r.get("to").toString(), r -> r.get("message").toString()));
  }

  private static HttpResponse<String> report(String path, boolean authorized) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).GET();
    if (authorized) request.header("Authorization", "Bearer " + gateway.adminKey);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aHarvestCampaign_fromTargetsToConversion() throws Exception {
    UUID owesTwo = enrol("mopti-cercle", "sio", "mopti-annual", "+22372000001", 2, "fr");
    UUID paidUp = enrol("mopti-cercle", "sio", "mopti-annual", "+22372000002", 1, "fr");
    paid(paidUp, 1, LocalDate.of(2026, 6, 1));
    enrol("mopti-cercle", "sio", "mopti-annual", "+22372000003", 1, "bm");
    UUID optedOut = enrol("mopti-cercle", "sio", "mopti-annual", "+22372000004", 1, "fr");
    gateway.sql("UPDATE household SET sms_opt_out = true WHERE id = '" + optedOut + "' RETURNING id");
    UUID inGrace = enrol("mopti-cercle", "konna", "mopti-annual", "+22372000005", 1, "fr");
    paid(inGrace, 1, LocalDate.of(2025, 11, 5));
    UUID capped = enrol("mopti-cercle", "konna", "mopti-annual", "+22372000006", 1, "fr");
    for (String earlier : List.of("solidarity-month-2026:day-1", "solidarity-month-2026:day-15")) {
      gateway.sql("""
          INSERT INTO reminder (household_id, reminder_key, campaign, kind, mutual_id, section_id, amount_due, currency, status, sms_key, created_at)
          VALUES ('%s', '%s', 'solidarity-month-2026', 'CAMPAIGN', 'mopti-cercle', 'konna', 2730, 'XOF', 'QUEUED', NULL, now() - interval '2 days')
          RETURNING household_id""".formatted(capped, earlier));
    }
    enrol("nongon-cotton", "nongon", "cotton-harvest", "+22372000007", 3, "fr");
    enrol("utm-bamako", "commune-1", "urban-voluntary", "+22372000008", 1, "fr");

    // Before the hour nothing is chosen; at 9:00, one of two instances runs the day.
    assertThat(join(run(DECEMBER_1.atTime(8, 59)).runIfDue())).isEmpty();
    List<Optional<ReminderRun.Totals>> instances = join(Future.all(run(DECEMBER_1.atTime(9, 0)).runIfDue(),
        run(DECEMBER_1.atTime(9, 0)).runIfDue())).list();
    assertThat(instances).containsExactlyInAnyOrder(Optional.empty(), Optional.of(new ReminderRun.Totals(4, 1, 0)));

    Map<String, String> sms = reminderSms();
    assertThat(sms).containsOnlyKeys("+22372000001", "+22372000003", "+22372000005", "+22372000007");
    assertThat(sms.get("+22372000001")).isEqualTo("MOP foyer MOP-000001: la saison des ventes commence. Cotisation santé: 4 460 FCFA. "
        + "Composez *144#. STOP: plus de rappels");
    assertThat(sms.get("+22372000003")).isEqualTo("MOP denbaya MOP-000003: suman feere waati sera. Kènèya sara: 2 730 FCFA. *144# wele. "
        + "STOP: hakilijigin tè na tun");
    assertThat(sms.get("+22372000005")).isEqualTo("MOP foyer MOP-000005: payez 1 730 FCFA avant le 04/12/2026 ou vos droits seront "
        + "suspendus. Composez *144#. STOP: plus de rappels");
    assertThat(sms.get("+22372000007")).isEqualTo("NGN foyer NGN-000001: rappel, votre cotisation santé (2 FCFA par kg vendu) reste à "
        + "payer. Composez *144#. STOP: plus de rappels");
    assertThat(gateway.sql("SELECT status FROM reminder WHERE household_id = '" + capped + "' AND campaign = 'harvest-mopti-annual-2026'"))
        .singleElement().satisfies(r -> assertThat(r).containsEntry("status", "HELD"));

    // The gateway's worker sends them.
    eventually(10, () -> gateway.sms.verify(4, postRequestedFor(urlEqualTo("/version1/messaging"))
        .withRequestBody(containing("STOP%3A"))));
    eventually(10, () -> assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'reminder:%' AND status = 'DONE'"))
        .isEqualTo(4));

    // The next day, and a run taken over from an instance that died: nobody is reminded of the same thing twice.
    assertThat(join(run(DECEMBER_1.plusDays(1).atTime(9, 0)).runIfDue())).contains(new ReminderRun.Totals(0, 0, 5));
    enrol("mopti-cercle", "sio", "mopti-annual", "+22372000009", 1, "fr");
    gateway.sql("INSERT INTO job_run (job, day, claimed_by, claimed_until) VALUES ('reminders', '2026-12-03', 'live-instance',"
        + " now() + interval '5 minutes') RETURNING job");
    assertThat(join(run(DECEMBER_1.plusDays(2).atTime(10, 0)).runIfDue())).as("claimed by a live instance").isEmpty();
    gateway.sql("UPDATE job_run SET claimed_until = now() - interval '1 second' WHERE day = '2026-12-03' RETURNING job");
    assertThat(join(run(DECEMBER_1.plusDays(2).atTime(10, 5)).runIfDue())).contains(new ReminderRun.Totals(1, 0, 5));
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'reminder:%'")).isEqualTo(5);
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE payload->>'to' = '+22372000001'")).isEqualTo(1);
    eventually(10, () -> assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'reminder:%' AND status = 'DONE'"))
        .isEqualTo(5));

    // The network delivers one, refuses another; the first household pays.
    String delivered = messageId("+22372000001");
    String refused = messageId("+22372000003");
    assertThat(gateway.postForm("/sms/dlr", Map.of("id", delivered, "status", "Success")).statusCode()).isEqualTo(200);
    assertThat(gateway.postForm("/sms/dlr", Map.of("id", refused, "status", "Rejected", "failureReason", "UserInBlacklist")).statusCode())
        .isEqualTo(200);
    paid(owesTwo, 2, DECEMBER_1.plusDays(2));

    HttpResponse<String> answer = report("/api/v1/mutuals/mopti-cercle/reports/reminders/harvest-mopti-annual-2026", true);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonObject report = new JsonObject(answer.body());
    assertThat(report.getJsonArray("sections").stream().map(o -> ((JsonObject) o).getString("section")).toList())
        .containsExactly("konna", "sio");
    JsonObject sio = report.getJsonArray("sections").getJsonObject(1);
    assertThat(sio.getMap()).containsEntry("name", "Sio").containsEntry("households", 3).containsEntry("reminders", 3).containsEntry("held", 0)
        .containsEntry("sent", 3).containsEntry("delivered", 1).containsEntry("failed", 1).containsEntry("paidWithin7Days", 1)
        .containsEntry("paidWithin30Days", 1).containsEntry("conversion30DaysPercent", "33.3");
    JsonObject konna = report.getJsonArray("sections").getJsonObject(0);
    assertThat(konna.getMap()).containsEntry("households", 1).containsEntry("held", 1).containsEntry("sent", 0).containsEntry("paidWithin30Days", 0);
    assertThat(report.getJsonObject("total").getMap()).containsEntry("households", 4).containsEntry("held", 1).containsEntry("sent", 3);

    HttpResponse<String> csv = report("/api/v1/mutuals/mopti-cercle/reports/reminders/harvest-mopti-annual-2026?format=csv", true);
    assertThat(csv.body().lines().toList()).startsWith(
        "section,households,reminders,held,sent,delivered,failed,cancelled,paidWithin7Days,paidWithin30Days,conversion30DaysPercent",
        "konna,1,1,1,0,0,0,0,0,0,0.0");
    assertThat(csv.body().lines().toList()).contains("total,4,4,1,3,1,1,0,1,1,25.0");

    JsonObject campaigns = new JsonObject(report("/api/v1/mutuals/mopti-cercle/reports/reminders", true).body());
    assertThat(campaigns.getJsonArray("campaigns").stream().map(o -> ((JsonObject) o).getString("campaign")).toList())
        .containsExactlyInAnyOrder("harvest-mopti-annual-2026", "suspension-mopti-annual-2026-12", "solidarity-month-2026");
    assertThat(report("/api/v1/mutuals/mopti-cercle/reports/reminders/no-such-campaign", true).statusCode()).isEqualTo(404);
    assertThat(report("/api/v1/mutuals/mopti-cercle/reports/reminders/harvest-mopti-annual-2026", false).statusCode()).isEqualTo(401);
  }

  private static String messageId(String to) {
    return gateway.sql("SELECT result FROM outbox WHERE dedup_key LIKE 'reminder:%' AND payload->>'to' = '" + to + "'").get(0)
        .get("result").toString();
  }
}
