package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgRights;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.rights.DailyRightsRun;
import org.keneya.gateway.support.GatewayFixture;

/**
 * The daily rights run on a real database: each transition told once, by SMS, in the household's
 * language, with the date and amount that matter; a first run tells nobody; one instance runs per day.
 */
class DailyRightsRunTest {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());
  private static GatewayFixture gateway;
  private static PgPayments payments;
  private static int households;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    payments = new PgPayments(gateway.app.pool(), gateway.config, MESSAGES);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static DailyRightsRun run(LocalDateTime at) {
    return new DailyRightsRun(new PgRights(gateway.app.pool()), gateway.config, MESSAGES, Clock.fixed(at.atZone(BAMAKO).toInstant(), BAMAKO),
        new Metrics(new SimpleMeterRegistry()));
  }

  /** A household of {@code persons} in the Mopti mutual; returns its id. */
  private static UUID enrol(String msisdn, int persons, String language) {
    StringBuilder members = new StringBuilder();
    for (int i = 1; i < persons; i++) members.append(i > 1 ? "," : "").append("{\"name\":\"Enfant ").append(i).append("\",\"birthYear\":2015}");
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"sio","product":"mopti-annual","headName":"Awa Coulibaly","headMsisdn":"%s",
         "language":"%s","members":[%s]}""".formatted(msisdn, language, members));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return UUID.fromString(new JsonObject(created.body()).getString("id"));
  }

  /** Books a year's contribution for {@code beneficiaries} (null: everyone) paid on {@code paidOn}. */
  private static void paid(UUID household, List<UUID> beneficiaries, int persons, LocalDate paidOn) {
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, persons, 1, 0, 0);
    PaymentIntent intent = join(payments.createIntent(household, beneficiaries, "momo", "+22370000000", quote, "fr",
        "rights-test:" + (++households), Instant.now().plusSeconds(600)));
    join(payments.confirm(intent.id(), "TX-" + intent.id(), Money.of(quote.memberPays(), "XOF"), paidOn));
  }

  private static List<UUID> persons(UUID household) {
    return gateway.sql("SELECT id FROM member WHERE household_id = '" + household + "' ORDER BY member_number").stream()
        .map(r -> (UUID) r.get("id")).toList();
  }

  /** As if yesterday's run had told this household's persons {@code status}. */
  private static void told(UUID household, String status) {
    gateway.sql("UPDATE member SET rights_status = '" + status + "' WHERE household_id = '" + household + "' RETURNING id");
  }

  private static Map<String, String> rightsSms() {
    return gateway.sql("SELECT payload->>'to' AS to, payload->>'message' AS message FROM outbox WHERE dedup_key LIKE 'rights:%'").stream()
        .collect(Collectors.toMap(r -> r.get("to").toString(), r -> r.get("message").toString()));
  }

  @Test
  void eachTransitionIsToldOnce_inTheHouseholdsLanguage_withItsDateAndAmountDue() {
    UUID opened = enrol("+22371000001", 1, "fr");
    paid(opened, null, 1, LocalDate.of(2026, 7, 1));
    told(opened, "WAITING");
    UUID grace = enrol("+22371000002", 2, "fr");
    paid(grace, null, 2, LocalDate.of(2025, 11, 10));
    told(grace, "OPEN");
    UUID suspended = enrol("+22371000003", 1, "fr");
    paid(suspended, null, 1, LocalDate.of(2025, 9, 1));
    told(suspended, "GRACE");
    UUID reopened = enrol("+22371000004", 1, "bm");
    paid(reopened, null, 1, LocalDate.of(2024, 1, 1));
    paid(reopened, null, 1, LocalDate.of(2026, 11, 20));
    told(reopened, "SUSPENDED");
    UUID partly = enrol("+22371000005", 2, "fr");
    List<UUID> partlyPersons = persons(partly);
    paid(partly, List.of(partlyPersons.get(0)), 1, LocalDate.of(2025, 11, 1));
    told(partly, "OPEN");
    gateway.sql("UPDATE member SET rights_status = 'NOT_PAID' WHERE id = '" + partlyPersons.get(1) + "' RETURNING id");
    UUID firstTime = enrol("+22371000006", 1, "fr");
    paid(firstTime, null, 1, LocalDate.of(2025, 9, 1));
    // A household that sent STOP is not told, but its status is recorded all the same.
    UUID optedOut = enrol("+22371000007", 1, "fr");
    paid(optedOut, null, 1, LocalDate.of(2025, 9, 1));
    told(optedOut, "GRACE");
    gateway.sql("UPDATE household SET sms_opt_out = true WHERE id = '" + optedOut + "' RETURNING id");

    // Before its hour nothing runs; at 9:00 it does, once, whichever instance asks first.
    assertThat(join(run(TODAY.atTime(7, 59)).runIfDue())).isEqualTo(-1);
    List<Integer> instances = join(Future.all(run(TODAY.atTime(9, 0)).runIfDue(), run(TODAY.atTime(9, 0)).runIfDue())).list();
    assertThat(instances).containsExactlyInAnyOrder(5, -1);

    Map<String, String> sms = rightsSms();
    assertThat(sms).hasSize(5).doesNotContainKeys("+22371000006", "+22371000007");
    assertThat(gateway.sql("SELECT rights_status FROM member WHERE household_id = '" + optedOut + "'").get(0))
        .containsEntry("rights_status", "SUSPENDED");
    assertThat(sms.get("+22371000001")).isEqualTo("MOP foyer MOP-000001: droits ouverts pour tout le foyer (1 pers.) jusqu'au 30/06/2027.");
    assertThat(sms.get("+22371000002")).isEqualTo("MOP foyer MOP-000002: cotisation échue pour tout le foyer (2 pers.). "
        + "Payez 3 460 FCFA avant le 09/12/2026 pour garder vos droits: composez *144#.");
    assertThat(sms.get("+22371000003")).isEqualTo("MOP foyer MOP-000003: droits suspendus pour tout le foyer (1 pers.) depuis le "
        + "01/10/2026. Payez 1 730 FCFA pour les rouvrir: composez *144#.");
    assertThat(sms.get("+22371000004")).startsWith("MOP denbaya MOP-000004: denbaya bèè (1 mògò) ka josariyaw dayèlèla kokura fo 19/11/2027");
    assertThat(sms.get("+22371000005")).contains("cotisation échue pour 1 pers. sur 2", "Payez 1 730 FCFA avant le 30/11/2026");
    sms.values().forEach(text -> assertThat(text.length()).as(text).isLessThanOrEqualTo(160));
    // Every person's status is recorded, the first-time household's silently.
    assertThat(gateway.count("SELECT count(*) FROM member WHERE rights_status IS NULL")).isZero();
    assertThat(gateway.sql("SELECT rights_status FROM member WHERE household_id = '" + firstTime + "'").get(0))
        .containsEntry("rights_status", "SUSPENDED");

    // Later the same day, and the next day with nothing changed: nothing more is sent.
    assertThat(join(run(TODAY.atTime(15, 0)).runIfDue())).isEqualTo(-1);
    assertThat(join(run(TODAY.plusDays(1).atTime(9, 0)).runIfDue())).isZero();
    assertThat(rightsSms()).hasSize(5);
    // A run whose instance died is taken over once its lease has passed.
    gateway.sql("UPDATE job_run SET finished_at = NULL, claimed_until = now() - interval '1 minute' WHERE day = '2026-11-24' RETURNING job");
    assertThat(join(run(TODAY.plusDays(1).atTime(10, 0)).runIfDue())).isZero();
  }
}
