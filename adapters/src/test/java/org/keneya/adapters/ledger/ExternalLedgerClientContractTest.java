package org.keneya.adapters.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.config.ExternalLedgerConfig;
import org.keneya.adapters.pg.Outbox;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.ports.RemoteFailure;

/** Keneya's external ledger contract, as ExternalLedgerClient's documentation defines it. */
class ExternalLedgerClientContractTest {
  private static final String API_KEY = "ledger-secret-key-4711";
  /** Roomy: WireMock's first answer in a fresh JVM can take a second. */
  private static final int TIMEOUT_MILLIS = 5_000;

  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private Vertx vertx;
  private ExternalLedgerClient client;

  /** The entry of recorded/ledger/entry-request.json. */
  private static final OutboxMessage.LedgerEntry RECEIPT = new OutboxMessage.LedgerEntry("mopti-cercle", 42, "receipt", "MOP-R0000001",
      LocalDate.of(2025, 3, 14), "Wallet payment 7d3c5d1e-8a55-4c2b-9a0e-2f6f1b7c9d10", "XOF", List.of(
          new Posting("wallet-clearing:orange", 2730),
          new Posting("subsidy-receivable:state", 4325),
          new Posting("subsidy-receivable:afd", 2595),
          new Posting("contribution-income:mopti-annual", -8650),
          new Posting("adhesion-income", -1000),
          new Posting("guarantee-fund-allocation", 259),
          new Posting("guarantee-fund", -259)));

  @BeforeEach
  void start() {
    api.start();
    vertx = Vertx.vertx();
    // A base path and a trailing slash, as an operator may well write it.
    client = new ExternalLedgerClient(vertx, new ExternalLedgerConfig(api.baseUrl() + "/ledger-api/", API_KEY, TIMEOUT_MILLIS, 60));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    api.stop();
  }

  private void answer(int status, String body) {
    api.stubFor(post("/ledger-api/entries").willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
  }

  private ExternalLedgerClient.Posted posted(OutboxMessage.LedgerEntry entry) {
    return client.post(entry).toCompletionStage().toCompletableFuture().join();
  }

  private RemoteFailure failure(OutboxMessage.LedgerEntry entry) {
    try {
      ExternalLedgerClient.Posted unexpected = posted(entry);
      throw new AssertionError("expected a failure, got " + unexpected);
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(RemoteFailure.class);
      return (RemoteFailure) e.getCause();
    }
  }

  @Test
  void postsTheDocumentedRequestWithBearerAndIdempotencyKey() {
    answer(201, Recorded.read("ledger/entry-created.json"));

    ExternalLedgerClient.Posted result = posted(RECEIPT);

    assertThat(result).isEqualTo(new ExternalLedgerClient.Posted(201, false, "GL-2025-000781"));
    api.verify(1, postRequestedFor(urlEqualTo("/ledger-api/entries"))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .withHeader("Idempotency-Key", equalTo("MOP-R0000001"))
        .withHeader("Content-Type", containing("application/json"))
        .withHeader("Accept", equalTo("application/json"))
        // Strict: no field more or less than the contract's, in the documented types (integers, not "2730" or 2730.0).
        .withRequestBody(equalToJson(Recorded.read("ledger/entry-request.json"), false, false)));
  }

  @Test
  void aBodylessSuccessIsRecorded_andA409MeansAnEarlierAttemptGotThrough() {
    api.stubFor(post("/ledger-api/entries").willReturn(aResponse().withStatus(200)));
    assertThat(posted(RECEIPT)).isEqualTo(new ExternalLedgerClient.Posted(200, false, null));

    answer(201, "<html>created</html>");
    assertThat(posted(RECEIPT)).isEqualTo(new ExternalLedgerClient.Posted(201, false, null));

    answer(409, "{\"id\":\"GL-2025-000781\",\"error\":\"duplicate idempotency key\"}");
    assertThat(posted(RECEIPT)).isEqualTo(new ExternalLedgerClient.Posted(409, true, "GL-2025-000781"));
  }

  @Test
  void everyEntryHasItsOwnKey_sameOnEveryAttempt() {
    OutboxMessage.LedgerEntry reversal = new OutboxMessage.LedgerEntry("mopti-cercle", 43, "reversal", "MOP-R0000001",
        LocalDate.of(2025, 3, 20), "Reversal of receipt MOP-R0000001: litige", "XOF", negated(RECEIPT.postings()));
    OutboxMessage.LedgerEntry subsidy = new OutboxMessage.LedgerEntry("mopti-cercle", 44, "subsidy-received", null,
        LocalDate.of(2025, 4, 2), "Subsidy from state for 2025-Q1", "XOF",
        List.of(new Posting("bank", 4325), new Posting("subsidy-receivable:state", -4325)));

    assertThat(List.of(RECEIPT.idempotencyKey(), reversal.idempotencyKey(), subsidy.idempotencyKey()))
        .containsExactly("MOP-R0000001", "MOP-R0000001:reversal", "mopti-cercle:entry:44");

    answer(201, "{}");
    posted(subsidy);
    posted(subsidy);
    api.verify(2, postRequestedFor(urlEqualTo("/ledger-api/entries")).withHeader("Idempotency-Key", equalTo("mopti-cercle:entry:44"))
        .withRequestBody(equalToJson("{\"receiptNumber\":null,\"kind\":\"subsidy-received\",\"entryId\":44}", false, true)));
  }

  @Test
  void refusalsArePermanent_withTheReceiversReason_butNeverTheKey() {
    for (int status : List.of(400, 401, 403, 404, 422)) {
      answer(status, "{\"error\":\"unknown account wallet-clearing:orange\",\"echo\":\"Bearer " + API_KEY + "\"}");
      RemoteFailure refused = failure(RECEIPT);
      assertThat(refused.permanent()).as("status %d", status).isTrue();
      assertThat(refused.getMessage()).contains(String.valueOf(status), "unknown account wallet-clearing:orange").doesNotContain(API_KEY);
    }
  }

  @Test
  void serverErrorsThrottlingAndRequestTimeoutsAreRetryable() {
    for (int status : List.of(408, 429, 500, 502, 503)) {
      answer(status, "");
      RemoteFailure failed = failure(RECEIPT);
      assertThat(failed.permanent()).as("status %d", status).isFalse();
      assertThat(failed.getMessage()).contains(String.valueOf(status));
    }
  }

  @Test
  void resetsAndSilenceAreRetryable_andASilentReceiverIsGivenUpOnAfterTheTimeout() {
    api.stubFor(post("/ledger-api/entries").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(failure(RECEIPT).permanent()).isFalse();

    api.stubFor(post("/ledger-api/entries").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    assertThat(failure(RECEIPT).permanent()).isFalse();

    int shortTimeout = 300;
    client = new ExternalLedgerClient(vertx, new ExternalLedgerConfig(api.baseUrl() + "/ledger-api", API_KEY, shortTimeout, 60));
    api.stubFor(post("/ledger-api/entries").willReturn(aResponse().withStatus(201).withFixedDelay(10_000)));
    long started = System.nanoTime();
    RemoteFailure slow = failure(RECEIPT);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(slow.permanent()).isFalse();
    assertThat(tookMillis).isBetween((long) shortTimeout - 50, 5_000L);
    assertThat(slow.getMessage()).contains("timeout").doesNotContain(API_KEY);
  }

  @Test
  void theOutboxPayloadReadsBackAsTheSameEntry_andDamagedOnesAreRefusedBeforeSending() {
    JsonObject body = new JsonObject(Recorded.read("ledger/entry-request.json"));
    assertThat(Outbox.read(Outbox.LEDGER, body)).isEqualTo(RECEIPT);
    assertThat(Outbox.payload(RECEIPT)).isEqualTo(body);

    JsonObject unbalanced = body.copy();
    unbalanced.getJsonArray("postings").getJsonObject(0).put("amount", 2731);
    assertThatThrownBy(() -> Outbox.read(Outbox.LEDGER, unbalanced)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced");
    JsonObject noDate = body.copy();
    noDate.remove("date");
    assertThatThrownBy(() -> Outbox.read(Outbox.LEDGER, noDate)).isInstanceOf(IllegalArgumentException.class);
    JsonObject textAmount = body.copy();
    textAmount.getJsonArray("postings").getJsonObject(0).put("amount", "2730");
    assertThatThrownBy(() -> Outbox.read(Outbox.LEDGER, textAmount)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConfigurationRefusesWhatWouldLeakTheKeyOrNeverAnswer() {
    List<String> problems = new ArrayList<>();
    new ExternalLedgerConfig("https://imis.example.org/api", "k3y", 5000, 60).validate("mutuals[0].externalLedger", problems);
    new ExternalLedgerConfig("http://127.0.0.1:8090", "k3y", 5000, 60).validate("mutuals[0].externalLedger", problems);
    assertThat(problems).isEmpty();

    new ExternalLedgerConfig("http://imis.example.org/api", "", 50, 0).validate("m", problems);
    new ExternalLedgerConfig("https://user:pw@imis.example.org", "two words", 5000, 60).validate("n", problems);
    assertThat(problems).containsExactly(
        "m.baseUrl: must be https (plain http only to this machine, e.g. http://127.0.0.1:8090)",
        "m.apiKey: required (set it by environment, e.g. KENEYA_MUTUALS_0_EXTERNAL_LEDGER_API_KEY)",
        "m.timeoutMillis: must be 100 to 60000",
        "m.stuckAfterMinutes: must be at least 1",
        "n.baseUrl: must not hold credentials (put the key in apiKey)",
        "n.apiKey: must be printable ASCII without spaces");
    assertThat(new ExternalLedgerConfig("https://imis.example.org", API_KEY, 5000, 60).toString()).doesNotContain(API_KEY);
  }

  private static List<Posting> negated(List<Posting> postings) {
    return postings.stream().map(p -> new Posting(p.account(), -p.amount())).toList();
  }
}
