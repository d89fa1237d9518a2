package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;

/** Members' SMS commands, in French or Bambara keywords: each answered once, STOP and LANGUE remembered, floods not answered. */
class InboundSmsTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture(Map.of("KENEYA_SMS_INBOUND_PER_HOUR", "12"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Sends {@code text} from {@code from}; returns the SMS answer queued for it, or null. */
  private static String sms(String from, String text) {
    String id = "ATXid_" + IDS.incrementAndGet();
    var answer = gateway.postForm("/sms/inbound", Map.of("from", from, "to", "36444", "text", text, "id", id, "date", "2026-11-23 10:00:00"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    var rows = gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'sms-in:" + id + "'");
    return rows.isEmpty() ? null : rows.get(0).get("m").toString();
  }

  /** Sends {@code text} from {@code from}; returns the gateway's answer to the aggregator. */
  private static String inbound(String from, String text) {
    var answer = gateway.postForm("/sms/inbound", Map.of("from", from, "to", "36444", "text", text, "id", "ATXid_" + IDS.incrementAndGet(),
        "date", "2026-11-23 10:00:00"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  @Test
  void aMemberAsksRightsReceiptsAndBalance_stopsReminders_andChangesLanguage() {
    String msisdn = "+22373000001";
    assertThat(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Adama Coulibaly","headMsisdn":"%s"}"""
        .formatted(msisdn)).statusCode()).isEqualTo(201);

    assertThat(sms(msisdn, "droits")).isEqualTo("MOP foyer MOP-000001: Aucune cotisation payée: pas encore de droits.");
    assertThat(sms(msisdn, "Reçu")).startsWith("MOP foyer MOP-000001: aucun recu pour l'instant");
    assertThat(sms(msisdn, "SOLDE")).isEqualTo("MOP foyer MOP-000001: 2 730 FCFA à payer pour renouveler le foyer. Composez *144#.");
    assertThat(sms(msisdn, "bonjour")).startsWith("Keneya MOP: DROITS, RECU, SOLDE, LANGUE FR/BM, STOP.");
    // Once paid, in the waiting period: nothing due, and rights are not said to be open before they are.
    var household = gateway.sql("SELECT id FROM household").get(0).get("id").toString();
    var payments = new org.keneya.adapters.pg.PgPayments(gateway.app.pool(), gateway.config,
        new org.keneya.flows.messages.Messages(org.keneya.config.MessageCatalogues.loadShipped()));
    var quote = org.keneya.flows.money.ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
    var intent = payments.createIntent(java.util.UUID.fromString(household), null, "momo", msisdn, quote, "fr", "sms-paid",
        java.time.Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
    payments.confirm(intent.id(), "TX-SMS", org.keneya.flows.money.Money.of(2730, "XOF"), java.time.LocalDate.now(java.time.ZoneId.of("Africa/Bamako")))
        .toCompletionStage().toCompletableFuture().join();
    assertThat(sms(msisdn, "solde")).contains("rien à payer, cotisation réglée jusqu'au", "Droits ouverts à partir du");

    assertThat(sms(msisdn, "Arrêt")).startsWith("Keneya: vous ne recevrez plus de rappels");
    assertThat(gateway.sql("SELECT sms_opt_out FROM household").get(0)).containsEntry("sms_opt_out", true);
    assertThat(sms(msisdn, "start")).startsWith("Keneya: rappels réactivés");
    assertThat(gateway.sql("SELECT sms_opt_out FROM household").get(0)).containsEntry("sms_opt_out", false);

    assertThat(sms(msisdn, "langue bm")).isEqualTo("Keneya: kan sugandilen, bamanankan.");
    assertThat(gateway.sql("SELECT language FROM household").get(0)).containsEntry("language", "bm");
    // From now on in Bambara, in its GSM 7-bit spelling.
    assertThat(sms(msisdn, "josariya")).startsWith("MOP denbaya MOP-000001:");
    assertThat(sms(msisdn, "dɛmɛ")).contains("Dèmè:");
  }

  @Test
  void theSameMessageTwiceIsAnsweredOnce_anUnknownNumberIsToldWhomToAsk_andAFloodIsNotEvenLookedUp() {
    var form = Map.of("from", "+22373999999", "to", "36444", "text", "droits", "id", "ATXid_twice", "date", "2026-11-23 10:00:00");
    assertThat(gateway.postForm("/sms/inbound", form).body()).contains("\"answered\"");
    assertThat(gateway.postForm("/sms/inbound", form).body()).contains("already_answered");
    assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'sms-in:ATXid_twice'")).singleElement()
        .satisfies(r -> assertThat(r.get("m").toString()).startsWith("Keneya: ce numéro n'est lié à aucun foyer"));

    // A stranger is answered once a day (SmsAbuseTest); past the hourly limit, not even looked up.
    String flooder = "+22373888888";
    assertThat(sms(flooder, "aide")).isNotNull();
    for (int i = 1; i < 12; i++) assertThat(inbound(flooder, "aide " + i)).contains("not_answered");
    assertThat(inbound(flooder, "aide encore")).contains("rate_limited");
    assertThat(gateway.postForm("/sms/inbound", Map.of("from", "x", "text", "droits", "id", "1")).statusCode()).isEqualTo(400);
  }
}
