package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.ledger.ExternalLedgerClient;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgLedgerOutbox;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgReversals;
import org.keneya.config.ExternalLedgerConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.payments.LedgerOutboxWorker;
import org.keneya.gateway.support.GatewayFixture;

/**
 * Each booked journal entry reaches the mutual's external ledger once: queued with the booking,
 * posted by the ledger outbox worker, retried under the same Idempotency-Key, given up on refusal,
 * and reported when it stays unposted too long.
 */
class ExternalLedgerPostingTest {
  private static final String MUTUAL = "mopti-cercle";
  private static final String API_KEY = "ledger-test-key-0042";
  private static final LocalDate PAID_ON = LocalDate.of(2026, 2, 10);

  private final WireMockServer ledger = new WireMockServer(options().dynamicPort());
  private GatewayFixture gateway;
  private PgPayments payments;
  private PgLedgerOutbox ledgerOutbox;
  private UUID household;
  private int bookings;

  @BeforeEach
  void start() {
    ledger.start();
    gateway = new GatewayFixture();
    payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
    ledgerOutbox = new PgLedgerOutbox(gateway.app.pool());
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Aissata Kone","headMsisdn":"+22379000042"}""");
    household = UUID.fromString(new JsonObject(created.body()).getString("id"));
  }

  @AfterEach
  void stop() {
    gateway.close();
    ledger.stop();
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  /** A receipt booked as a wallet confirmation books it, and its journal entry. */
  private record Booked(String receiptNumber, long entryId) {}

  /** Books a receipt and queues its entry in a transaction of its own, as PgPayments' booking would in its own. */
  private Booked bookAndQueue() {
    Booked booked = book();
    queue(booked.entryId());
    assertThat(ledgerRows(booked.entryId())).isEqualTo(1);
    return booked;
  }

  private long ledgerRows(long entryId) {
    return gateway.count("SELECT count(*) FROM outbox WHERE topic = 'ledger' AND dedup_key = 'ledger:" + entryId + "'");
  }

  /** Queues the entry in a transaction of its own, as the booking's own transaction would. */
  private boolean queue(long entryId) {
    Boolean queued = await(gateway.app.pool().withTransaction(conn -> ledgerOutbox.enqueue(conn, MUTUAL, entryId)));
    return queued;
  }

  private Booked book() {
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
    int n = ++bookings;
    PaymentIntent intent = await(payments.createIntent(household, null, "momo", "+22379000042", quote, "fr", "ledger-" + n,
        Instant.now().plusSeconds(600)));
    Money paid = Money.of(quote.memberPays(), "XOF");
    Confirmation.Booked booked = (Confirmation.Booked) await(payments.confirm(intent.id(), "TX-LEDGER-" + n, paid, PAID_ON));
    long entryId = ((Number) gateway.sql("""
        SELECT j.id FROM journal_entry j JOIN receipt r ON r.id = j.receipt_id
         WHERE r.receipt_number = '%s' AND j.kind = 'receipt'""".formatted(booked.receiptNumber())).get(0).get("id")).longValue();
    return new Booked(booked.receiptNumber(), entryId);
  }

  private LedgerOutboxWorker worker(PrometheusMeterRegistry registry) {
    ExternalLedgerClient client = new ExternalLedgerClient(gateway.app.vertx(), new ExternalLedgerConfig(ledger.baseUrl(), API_KEY, 3_000, 60));
    return new LedgerOutboxWorker(new PgOutbox(gateway.app.pool()), ledgerOutbox, Map.of(MUTUAL, client), registry);
  }

  private static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private static double posts(PrometheusMeterRegistry registry, String outcome) {
    var counter = registry.find("keneya_ledger_posts").tags("mutual", MUTUAL, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private Map<String, Object> outboxRow(Booked booked) {
    return gateway.sql("SELECT status, attempts, last_error, result, next_attempt_at > now() + interval '10 seconds' AS backed_off"
        + " FROM outbox WHERE dedup_key = 'ledger:" + booked.entryId() + "'").get(0);
  }

  private List<LoggedRequest> posted() {
    return ledger.findAll(postRequestedFor(urlEqualTo("/entries")));
  }

  private void makeDue() {
    gateway.sql("UPDATE outbox SET next_attempt_at = now() WHERE topic = 'ledger' AND status = 'PENDING' RETURNING id");
  }

  @Test
  void theQueuedPayloadIsTheBookedEntry_queuedOnce_andOnlyWithItsTransaction() {
    Booked booked = bookAndQueue();
    assertThat(queue(booked.entryId())).isFalse();
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE topic = 'ledger'")).isEqualTo(1);

    JsonObject payload = new JsonObject(gateway.sql("SELECT payload::text AS p FROM outbox WHERE topic = 'ledger'").get(0).get("p").toString());
    assertThat(payload.getString("mutual")).isEqualTo(MUTUAL);
    assertThat(payload.getLong("entryId")).isEqualTo(booked.entryId());
    assertThat(payload.getString("kind")).isEqualTo("receipt");
    assertThat(payload.getString("receiptNumber")).isEqualTo(booked.receiptNumber());
    assertThat(payload.getString("date")).isEqualTo(PAID_ON.toString());
    assertThat(payload.getString("currency")).isEqualTo("XOF");
    JsonArray journal = new JsonArray();
    gateway.sql("SELECT account, amount FROM posting WHERE entry_id = " + booked.entryId() + " ORDER BY id")
        .forEach(p -> journal.add(new JsonObject().put("account", p.get("account")).put("amount", ((Number) p.get("amount")).longValue())));
    assertThat(payload.getJsonArray("postings")).isEqualTo(journal);
    assertThat(journal.size()).isGreaterThanOrEqualTo(3);

    // A booking that rolls back takes its outbox row with it.
    Booked second = book();
    assertThatThrownBy(() -> await(gateway.app.pool().withTransaction(conn -> ledgerOutbox.enqueue(conn, MUTUAL, second.entryId())
        .compose(queued -> Future.failedFuture(new IllegalStateException("booking failed after queueing")))))).hasMessageContaining("booking failed");
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key = 'ledger:" + second.entryId() + "'")).isZero();

    // Another mutual's entry id, or an entry whose postings are not written yet, is refused (and rolls its transaction back).
    assertThatThrownBy(() -> await(gateway.app.pool().withTransaction(conn -> ledgerOutbox.enqueue(conn, "utm-bamako", second.entryId()))))
        .hasMessageContaining("no journal entry");
    assertThatThrownBy(() -> await(gateway.app.pool().withTransaction(conn -> conn
        .query("INSERT INTO journal_entry (mutual_id, kind, memo) VALUES ('mopti-cercle', 'manual', 'half written') RETURNING id").execute()
        .compose(rows -> ledgerOutbox.enqueue(conn, MUTUAL, rows.iterator().next().getLong(0))))))
        .hasMessageContaining("before its postings");
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE topic = 'ledger'")).isEqualTo(1);
  }

  @Test
  void eachEntryIsPostedOnce_whenTheWorkerRunsTwiceAndWhenTwoWorkersRunAtOnce() {
    List<Booked> entries = new ArrayList<>(List.of(bookAndQueue(), bookAndQueue(), bookAndQueue()));
    // Slow enough that a round of posts is still going when the other worker looks.
    ledger.stubFor(post("/entries").willReturn(aResponse().withStatus(201).withFixedDelay(250)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"GL-1\"}")));
    PrometheusMeterRegistry first = registry();
    PrometheusMeterRegistry second = registry();
    LedgerOutboxWorker one = worker(first);
    LedgerOutboxWorker other = worker(second);

    // The other instance looks while the first is mid-round: the entries it has claimed are leased, not due.
    Future<Integer> round = one.postDue(10);
    GatewayFixture.eventually(5, () -> assertThat(posted()).isNotEmpty());
    assertThat(await(other.postDue(10))).isZero();
    assertThat(await(round)).isEqualTo(3);

    // Both claim at the same moment: each entry goes to one of them.
    entries.addAll(List.of(bookAndQueue(), bookAndQueue(), bookAndQueue()));
    Future<Integer> a = one.postDue(10);
    Future<Integer> b = other.postDue(10);
    await(Future.all(a, b));
    assertThat(a.result() + b.result()).isEqualTo(3);

    // Again: everything is done, nothing is posted a second time, even once leases would have run out.
    assertThat(await(one.postDue(10))).isZero();
    makeDue();
    assertThat(await(other.postDue(10))).isZero();

    assertThat(posted()).extracting(r -> r.getHeader("Idempotency-Key"))
        .containsExactlyInAnyOrderElementsOf(entries.stream().map(Booked::receiptNumber).toList());
    assertThat(posted()).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY));
    for (Booked entry : entries) {
      assertThat(outboxRow(entry)).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("result", "201 GL-1");
    }
    assertThat(posts(first, "posted") + posts(second, "posted")).isEqualTo(entries.size());
    assertThat(first.scrape()).contains("keneya_ledger_posts_total{mutual=\"mopti-cercle\",outcome=\"posted\"}");
    // The SMS worker leaves ledger rows alone, and each receipt's SMS stays a row of its own.
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE topic = 'sms'")).isEqualTo(entries.size());
  }

  @Test
  void aServerErrorIsRetriedLaterUnderTheSameKey_andTheEntryPostedOnce() {
    Booked booked = bookAndQueue();
    ledger.stubFor(post("/entries").inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withBody("database unavailable")).willSetStateTo("recovered"));
    ledger.stubFor(post("/entries").inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":\"GL-77\"}")));
    PrometheusMeterRegistry registry = registry();
    LedgerOutboxWorker worker = worker(registry);

    assertThat(await(worker.postDue(10))).isEqualTo(1);
    assertThat(outboxRow(booked)).containsEntry("status", "PENDING").containsEntry("attempts", 1).containsEntry("backed_off", true);
    assertThat(outboxRow(booked).get("last_error").toString()).contains("500", "database unavailable");
    // Backed off: not due again at once.
    assertThat(await(worker.postDue(10))).isZero();

    makeDue();
    assertThat(await(worker.postDue(10))).isEqualTo(1);
    assertThat(outboxRow(booked)).containsEntry("status", "DONE").containsEntry("attempts", 2).containsEntry("result", "201 GL-77");
    makeDue();
    assertThat(await(worker.postDue(10))).isZero();

    List<LoggedRequest> requests = posted();
    assertThat(requests).hasSize(2);
    assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(booked.receiptNumber(), booked.receiptNumber());
    assertThat(new JsonObject(requests.get(1).getBodyAsString())).isEqualTo(new JsonObject(requests.get(0).getBodyAsString()));
    assertThat(posts(registry, "retry")).isEqualTo(1);
    assertThat(posts(registry, "posted")).isEqualTo(1);
  }

  @Test
  void aLostAnswerIsPostedAgain_andTheReceiversConflictCountsAsPosted() {
    Booked booked = bookAndQueue();
    // The receiver recorded the entry but the connection died before its answer arrived.
    ledger.stubFor(post("/entries").inScenario("lost").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recorded"));
    ledger.stubFor(post("/entries").inScenario("lost").whenScenarioStateIs("recorded")
        .willReturn(aResponse().withStatus(409).withBody("{\"id\":\"GL-78\",\"error\":\"duplicate idempotency key\"}")));
    PrometheusMeterRegistry registry = registry();
    LedgerOutboxWorker worker = worker(registry);

    await(worker.postDue(10));
    assertThat(outboxRow(booked)).containsEntry("status", "PENDING");
    makeDue();
    await(worker.postDue(10));

    assertThat(outboxRow(booked)).containsEntry("status", "DONE").containsEntry("result", "409 GL-78");
    assertThat(posted()).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(booked.receiptNumber(), booked.receiptNumber());
    assertThat(posts(registry, "already_posted")).isEqualTo(1);
  }

  @Test
  void aRefusalIsMarkedFailedAtOnce_andPostedAgainOnlyWhenAnOperatorRequeuesIt() {
    Booked booked = bookAndQueue();
    ledger.stubFor(post("/entries").willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unknown account wallet-clearing:momo\"}")));
    PrometheusMeterRegistry registry = registry();
    LedgerOutboxWorker worker = worker(registry);

    assertThat(await(worker.postDue(10))).isEqualTo(1);
    assertThat(outboxRow(booked)).containsEntry("status", "FAILED").containsEntry("attempts", 1);
    assertThat(outboxRow(booked).get("last_error").toString()).contains("400", "unknown account wallet-clearing:momo").doesNotContain(API_KEY);
    makeDue();
    assertThat(await(worker.postDue(10))).isZero();
    assertThat(posted()).hasSize(1);
    assertThat(posts(registry, "failed")).isEqualTo(1);

    // The account is added on the receiver's side; the operator puts the entry back in line.
    ledger.stubFor(post("/entries").willReturn(aResponse().withStatus(201)));
    assertThat(await(ledgerOutbox.retryFailed(MUTUAL))).isEqualTo(1);
    assertThat(await(worker.postDue(10))).isEqualTo(1);
    assertThat(outboxRow(booked)).containsEntry("status", "DONE").containsEntry("result", "201");
  }

  @Test
  void aReversalFollowsItsReceiptToTheLedger_underAKeyOfItsOwn() {
    PgReversals reversals = new PgReversals(gateway.app.pool());
    // A receipt that never went to the external ledger: its reversal does not go either.
    Booked unposted = book();
    var unpostedReversal = (PgReversals.Outcome.Reversed) await(reversals.reverse(unposted.receiptNumber(), org.keneya.adapters.pg.Actor.system("Fatoumata Dembele"), "doublon", null));
    assertThat(queueFollowingReceipt(unpostedReversal.entryId())).isFalse();
    assertThat(ledgerRows(unpostedReversal.entryId())).isZero();

    Booked receipt = bookAndQueue();
    var reversed = (PgReversals.Outcome.Reversed) await(reversals.reverse(receipt.receiptNumber(), org.keneya.adapters.pg.Actor.system("Fatoumata Dembele"), "paiement repris", null));
    // Once PgReversals queues it itself, this second call finds it queued and adds nothing.
    queueFollowingReceipt(reversed.entryId());
    assertThat(ledgerRows(reversed.entryId())).isEqualTo(1);
    assertThat(gateway.count("SELECT count(*) FROM outbox WHERE topic = 'ledger'")).isEqualTo(2);
    ledger.stubFor(post("/entries").willReturn(aResponse().withStatus(201)));

    await(worker(registry()).postDue(10));

    List<LoggedRequest> requests = posted();
    assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key"))
        .containsExactly(receipt.receiptNumber(), receipt.receiptNumber() + ":reversal");
    JsonObject original = new JsonObject(requests.get(0).getBodyAsString());
    JsonObject reversal = new JsonObject(requests.get(1).getBodyAsString());
    assertThat(reversal.getString("kind")).isEqualTo("reversal");
    assertThat(reversal.getString("receiptNumber")).isEqualTo(receipt.receiptNumber());
    JsonArray legs = original.getJsonArray("postings");
    assertThat(reversal.getJsonArray("postings")).hasSize(legs.size());
    for (int i = 0; i < legs.size(); i++) {
      JsonObject mirror = reversal.getJsonArray("postings").getJsonObject(i);
      assertThat(mirror.getString("account")).isEqualTo(legs.getJsonObject(i).getString("account"));
      assertThat(mirror.getLong("amount")).isEqualTo(-legs.getJsonObject(i).getLong("amount"));
    }
  }

  private boolean queueFollowingReceipt(long entryId) {
    Boolean queued = await(gateway.app.pool().withTransaction(conn -> ledgerOutbox.enqueueFollowingReceipt(conn, MUTUAL, entryId)));
    return queued;
  }

  @Test
  void entriesUnpostedBeyondTheThresholdAreReportedStuck() {
    Booked waiting = bookAndQueue();
    Booked refused = bookAndQueue();
    Booked fresh = bookAndQueue();
    Booked done = bookAndQueue();
    gateway.sql("UPDATE outbox SET created_at = now() - interval '2 hours' WHERE dedup_key = 'ledger:" + waiting.entryId() + "' RETURNING id");
    gateway.sql("UPDATE outbox SET created_at = now() - interval '3 hours', status = 'FAILED' WHERE dedup_key = 'ledger:" + refused.entryId()
        + "' RETURNING id");
    gateway.sql("UPDATE outbox SET created_at = now() - interval '5 hours', status = 'DONE' WHERE dedup_key = 'ledger:" + done.entryId()
        + "' RETURNING id");

    PgLedgerOutbox.Stuck stuck = await(ledgerOutbox.stuck(Duration.ofMinutes(60)));
    assertThat(stuck.count()).isEqualTo(2);
    assertThat(stuck.oldestAge()).isBetween(Duration.ofHours(3), Duration.ofHours(3).plusMinutes(1));
    assertThat(await(ledgerOutbox.stuck(Duration.ofMinutes(150))).count()).isEqualTo(1);
    assertThat(await(ledgerOutbox.stuck(Duration.ofHours(4)))).isEqualTo(new PgLedgerOutbox.Stuck(0, Duration.ZERO));
    assertThat(await(ledgerOutbox.stuck("utm-bamako", Duration.ofMinutes(60))).count()).isZero();

    PrometheusMeterRegistry registry = registry();
    LedgerOutboxWorker worker = worker(registry);
    assertThat(registry.get("keneya_ledger_stuck_entries").tag("mutual", MUTUAL).gauge().value()).isZero();
    Map<String, PgLedgerOutbox.Stuck> report = await(worker.refreshStuck());
    assertThat(report.get(MUTUAL).count()).isEqualTo(2);
    assertThat(registry.get("keneya_ledger_stuck_entries").tag("mutual", MUTUAL).gauge().value()).isEqualTo(2);
    assertThat(registry.get("keneya_ledger_stuck_oldest_seconds").tag("mutual", MUTUAL).gauge().value()).isGreaterThanOrEqualTo(3 * 3600);
    assertThat(registry.scrape()).contains("keneya_ledger_stuck_entries{mutual=\"mopti-cercle\"} 2.0");
    // Waiting, but not for long yet: not counted.
    assertThat(outboxRow(fresh)).containsEntry("status", "PENDING");
  }
}
