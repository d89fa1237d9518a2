package org.keneya.gateway;

import org.keneya.gateway.support.OutboxBench;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.adapters.sms.AfricasTalkingSms;
import org.keneya.config.TestConfiguration;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.gateway.payments.OutboxWorker;
import org.keneya.gateway.sms.SmsDestinations;
import org.keneya.gateway.support.TestServers;

/**
 * The SMS worker at night and in the morning, with no gateway around it to race for the outbox:
 * receipts go at any hour, reminders and rights notices wait for the end of the quiet hours, and a
 * reminder whose household paid in the meantime is set aside.
 */
class QuietHoursTest {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");
  private static final KeneyaConfig CONFIG = TestConfiguration.load(Map.of());
  private static OutboxBench bench;

  @BeforeAll
  static void start() {
    bench = new OutboxBench();
    join(new PgHouseholds(bench.pool).syncMutuals(CONFIG));
  }

  @AfterAll
  static void stop() {
    bench.close();
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static OutboxWorker worker(LocalDateTime at) {
    return new OutboxWorker(bench.outbox, new AfricasTalkingSms(bench.vertx, CONFIG.sms(), bench.sms.baseUrl()), new Metrics(new SimpleMeterRegistry()), 100,
        CONFIG.remindersOrDefaults(), Clock.fixed(at.atZone(BAMAKO).toInstant(), BAMAKO), new SmsDestinations(CONFIG),
        new InMemoryRateLimiter(Clock.systemUTC()), 0);
  }

  private static void queue(String key, JsonObject payload) {
    bench.database.query("INSERT INTO outbox (topic, dedup_key, payload) VALUES ('sms', ?, ?::jsonb) RETURNING id", key, payload.encode());
  }

  private static Map<String, Object> row(String key) {
    return bench.database.query("SELECT status, next_attempt_at > now() + interval '1 hour' AS deferred, delivery_status FROM outbox WHERE dedup_key = ?",
        key).get(0);
  }

  @Test
  void atNightReceiptsGo_remindersAndNoticesWaitForTheMorning_andAReminderAlreadyPaidIsSetAside() {
    UUID household = join(new PgHouseholds(bench.pool).create(new NewHousehold("mopti-cercle", "sio", "mopti-annual", null, "Awa Coulibaly", null,
        "+22373000001", "fr", List.of()), new Msisdn("+22373000001"), LocalDate.now(BAMAKO), org.keneya.adapters.pg.Actor.system("quiet hours test"))).id();
    queue("receipt-sms:night", new JsonObject().put("to", "+22373000001").put("message", "MOP recu R1"));
    queue("rights:night", new JsonObject().put("to", "+22373000002").put("message", "MOP droits ouverts").put("quiet", true));
    queue("reminder:night", new JsonObject().put("to", "+22373000001").put("message", "MOP rappel").put("quiet", true)
        .put("household", household.toString()));
    queue("reminder:other", new JsonObject().put("to", "+22373000003").put("message", "MOP rappel 2").put("quiet", true)
        .put("household", UUID.randomUUID().toString()));

    // 22:00 in Bamako: only the receipt leaves; the others are moved to 07:00.
    LocalDate tonight = LocalDate.now(BAMAKO);
    assertThat(join(worker(tonight.atTime(22, 0)).drain(100))).isEqualTo(1);
    bench.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging")));
    bench.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging")).withRequestBody(containing("recu")));
    assertThat(row("receipt-sms:night")).containsEntry("status", "DONE");
    for (String quiet : List.of("rights:night", "reminder:night", "reminder:other")) {
      assertThat(row(quiet)).containsEntry("status", "PENDING").containsEntry("deferred", true);
    }
    assertThat(bench.database.query("SELECT count(*) AS n FROM outbox WHERE status = 'PENDING' AND extract(hour FROM next_attempt_at AT TIME ZONE"
        + " 'Africa/Bamako') = 7 AND extract(minute FROM next_attempt_at AT TIME ZONE 'Africa/Bamako') = 0").get(0)).containsEntry("n", 3L);

    // Overnight the first household pays; in the morning its reminder is set aside, the others go.
    ContributionQuote quote = ContributionCalculator.quote(CONFIG.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
    PgPayments payments = new PgPayments(bench.pool, CONFIG, new Messages(MessageCatalogues.loadShipped()));
    PaymentIntent intent = join(payments.createIntent(household, null, "momo", "+22373000001", quote, "fr", "quiet-test",
        Instant.now().plusSeconds(600)));
    join(payments.confirm(intent.id(), "TX-quiet", Money.of(quote.memberPays(), "XOF"), tonight));
    bench.database.query("UPDATE outbox SET next_attempt_at = now() WHERE status = 'PENDING' RETURNING id");
    assertThat(join(worker(tonight.plusDays(1).atTime(7, 0)).drain(100))).isGreaterThanOrEqualTo(3);
    assertThat(row("reminder:night")).containsEntry("status", "DONE").containsEntry("delivery_status", "CANCELLED");
    assertThat(row("reminder:other")).containsEntry("status", "DONE");
    assertThat(row("rights:night")).containsEntry("status", "DONE");
    bench.sms.verify(0, postRequestedFor(urlEqualTo("/version1/messaging")).withRequestBody(matching(".*message=MOP\\+rappel(&.*)?")));
    bench.sms.verify(1, postRequestedFor(urlEqualTo("/version1/messaging")).withRequestBody(containing("MOP+rappel+2")));
  }
}
