package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.support.GatewayFixture;

/**
 * A provider's statement against our records, over HTTP: each outcome per day, and the booking
 * of a collected payment we had missed, once, with its audit record.
 */
class ReconciliationTest {
  private static final LocalDate DAY = LocalDate.now(java.time.ZoneOffset.UTC);
  private static GatewayFixture gateway;
  private static PgPayments payments;
  private static ContributionQuote quote;
  private static int households;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
    payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
    quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static PaymentIntent intent() {
    String msisdn = "+2237600" + String.format("%04d", ++households);
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"mopti","product":"mopti-annual","headName":"Membre %d","headMsisdn":"%s"}"""
        .formatted(households, msisdn));
    UUID household = UUID.fromString(new JsonObject(created.body()).getString("id"));
    return join(payments.createIntent(household, null, "momo", msisdn, quote, "fr", "recon:" + households, Instant.now().plusSeconds(600)));
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static HttpResponse<String> importStatement(String csv) {
    return gateway.admin("POST", "/api/v1/wallets/momo/statements?importedBy=Awa%20Diarra&fileName=momo-nov.csv", "text/csv", csv);
  }

  @Test
  void aStatementIsMatchedPerDay_andAMissedCollectedPaymentIsBookedOnceWithItsAuditRecord() {
    PaymentIntent matched = intent();
    join(payments.confirm(matched.id(), "TX-MATCHED", Money.of(2730, "XOF"), DAY));
    PaymentIntent missed = intent();
    join(payments.markExpired(missed.id()));
    PaymentIntent notOnStatement = intent();
    join(payments.confirm(notOnStatement.id(), "TX-OURS-ONLY", Money.of(2730, "XOF"), DAY));
    PaymentIntent otherAmount = intent();
    PaymentIntent declined = intent();
    join(payments.markFailed(declined.id(), "APPROVAL_REJECTED"));

    String csv = String.join("\n",
        "date;reference;transaction_id;amount;currency;status",
        DAY + ";" + matched.id() + ";TX-MATCHED;2 730;XOF;SUCCESSFUL",
        DAY + "T10:14:51Z;" + missed.id() + ";TX-MISSED;2730;XOF;SUCCESSFUL",
        DAY + ";" + otherAmount.id() + ";TX-OTHER;2700;XOF;SUCCESSFUL",
        DAY + ";" + declined.id() + ";;2730;XOF;FAILED",
        DAY + ";someone-else;TX-STRANGER;5000;XOF;SUCCESSFUL",
        DAY + ";" + matched.id() + ";TX-MATCHED;2730;XOF;SUCCESSFUL",
        "yesterday;x;TX-BAD;2730;XOF;SUCCESSFUL",
        DAY + ";y;TX-FRACTION;27.5;XOF;SUCCESSFUL");
    HttpResponse<String> imported = importStatement(csv);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    JsonObject report = new JsonObject(imported.body());
    Map<Integer, JsonObject> lines = new HashMap<>();
    report.getJsonArray("lines").forEach(l -> lines.put(((JsonObject) l).getInteger("line"), (JsonObject) l));

    assertThat(lines.get(2).getString("outcome")).isEqualTo("MATCHED");
    assertThat(lines.get(3).getString("outcome")).isEqualTo("MISSING_OURS");
    assertThat(lines.get(3).getBoolean("bookable")).isTrue();
    assertThat(lines.get(4).getString("outcome")).isEqualTo("AMOUNT_MISMATCH");
    assertThat(lines.get(5).getString("outcome")).isEqualTo("NOT_PAID");
    assertThat(lines.get(6).getString("outcome")).isEqualTo("MISSING_OURS");
    assertThat(lines.get(6).getBoolean("bookable")).isFalse();
    assertThat(lines.get(7).getString("outcome")).isEqualTo("DUPLICATE");
    assertThat(lines.get(8).getString("outcome")).isEqualTo("UNREADABLE");
    assertThat(lines.get(9).getString("outcome")).isEqualTo("UNREADABLE");
    assertThat(report.getJsonArray("lines").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("outcome").equals("MISSING_THEIRS")).toList())
        .singleElement().satisfies(l -> assertThat(l.getString("payment")).isEqualTo(notOnStatement.id().toString()));

    JsonObject today = report.getJsonObject("report").getJsonArray("days").stream().map(JsonObject.class::cast)
        .filter(d -> DAY.toString().equals(d.getString("day"))).findFirst().orElseThrow();
    assertThat(today.getString("wallet")).isEqualTo("momo");
    JsonObject outcomes = today.getJsonObject("outcomes");
    assertThat(outcomes.getJsonObject("matched")).isEqualTo(new JsonObject().put("count", 1).put("amount", 2730));
    assertThat(outcomes.getJsonObject("missing_ours")).isEqualTo(new JsonObject().put("count", 2).put("amount", 7730));
    assertThat(outcomes.getJsonObject("missing_theirs")).isEqualTo(new JsonObject().put("count", 1).put("amount", 2730));
    assertThat(outcomes.getJsonObject("amount_mismatch")).isEqualTo(new JsonObject().put("count", 1).put("amount", 2700));

    // Booking: only the bookable line books; who and why are recorded with it, in the same transaction.
    String id = report.getString("id");
    String bookings = """
        {"lines":[3,4,6,99],"bookedBy":"Awa Diarra","reason":"Orange statement of the day, ticket 42"}""";
    HttpResponse<String> booked = gateway.admin("POST", "/api/v1/reconciliations/" + id + "/bookings", "application/json", bookings);
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);
    JsonArray results = new JsonObject(booked.body()).getJsonArray("results");
    assertThat(results.getJsonObject(0).getString("result")).isEqualTo("booked");
    String receipt = results.getJsonObject(0).getString("receipt");
    assertThat(receipt).startsWith("MOP-R");
    assertThat(results.getJsonObject(1).getString("result")).isEqualTo("refused");
    assertThat(results.getJsonObject(2).getString("result")).isEqualTo("refused");
    assertThat(results.getJsonObject(3).getString("result")).isEqualTo("refused");

    assertThat(gateway.sql("SELECT status, provider_transaction_id FROM payment_intent WHERE id = '" + missed.id() + "'").get(0))
        .containsEntry("status", "SUCCESSFUL").containsEntry("provider_transaction_id", "TX-MISSED");
    // Who booked is the authenticated administrator, whatever name the body gives.
    assertThat(gateway.sql("SELECT actor, action, subject, detail->>'reason' AS reason, detail->>'receipt' AS receipt FROM audit_log"
            + " WHERE action = 'payment.booked_from_statement'"))
        .singleElement().satisfies(row -> assertThat(row)
            .containsEntry("actor", "Test Administrator").containsEntry("action", "payment.booked_from_statement")
            .containsEntry("subject", "payment_intent:" + missed.id()).containsEntry("reason", "Orange statement of the day, ticket 42")
            .containsEntry("receipt", receipt));
    assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();

    // Again: nothing more is booked.
    HttpResponse<String> again = gateway.admin("POST", "/api/v1/reconciliations/" + id + "/bookings", "application/json", bookings);
    assertThat(new JsonObject(again.body()).getJsonArray("results").getJsonObject(0).getString("result")).isEqualTo("already_booked");
    assertThat(gateway.count("SELECT count(*) FROM receipt WHERE payment_intent_id = '" + missed.id() + "'")).isEqualTo(1);
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'payment.booked_from_statement'")).isEqualTo(1);
    JsonObject stored = new JsonObject(gateway.admin("GET", "/api/v1/reconciliations/" + id, null, null).body());
    assertThat(stored.getJsonArray("lines").stream().map(JsonObject.class::cast).filter(l -> l.getInteger("line") == 3).findFirst()
        .orElseThrow().getString("bookedReceipt")).isEqualTo(receipt);
  }

  @Test
  void badStatementsAreRefusedWithAReason() {
    assertThat(importStatement("").statusCode()).isEqualTo(400);
    HttpResponse<String> noColumn = importStatement("date,reference,amount\n2026-11-23,x,100\n");
    assertThat(noColumn.statusCode()).isEqualTo(400);
    assertThat(noColumn.body()).contains("transaction_id");
    assertThat(importStatement("date,reference,transaction_id,amount,currency,status\nnever,x,y,1,XOF,SUCCESSFUL\n").statusCode())
        .isEqualTo(400);
    assertThat(gateway.admin("POST", "/api/v1/wallets/nowhere/statements?importedBy=x", "text/csv", "date\n").statusCode()).isEqualTo(404);
    assertThat(gateway.admin("POST", "/api/v1/wallets/momo/statements", "text/csv", "date\n").statusCode()).isEqualTo(400);
    assertThat(gateway.admin("GET", "/api/v1/reconciliations/" + UUID.randomUUID(), null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.admin("POST", "/api/v1/reconciliations/not-an-id/bookings", "application/json", "{}").statusCode()).isEqualTo(404);
    HttpResponse<String> noActor = gateway.admin("POST", "/api/v1/reconciliations/" + UUID.randomUUID() + "/bookings", "application/json",
        "{\"lines\":[1]}");
    assertThat(noActor.statusCode()).isEqualTo(400);
  }
}
