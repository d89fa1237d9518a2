package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.support.GatewayFixture;

/** A receipt booked in error is reversed once: a reversing entry, its cover withdrawn, who and why recorded, the member told. */
class ReceiptReversalTest {

  private static String manager;

  private static HttpResponse<String> reverse(GatewayFixture gateway, String receipt, String body) {
    return gateway.as(manager, "POST", "/api/v1/receipts/" + receipt + "/reversal", "application/json", body);
  }

  @Test
  void aReceiptIsReversedOnce_withAReversingEntry_itsCoverWithdrawn_andClearErrorsOtherwise() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      // Reversed by a mutual manager, who is recorded: not the name the body gives.
      manager = gateway.systemKey("Fatoumata Dembele", "[{\"role\":\"mutual-manager\",\"mutual\":\"mopti-cercle\"}]");
      String otherManager = gateway.systemKey("Gestionnaire UTM", "[{\"role\":\"mutual-manager\",\"mutual\":\"utm-bamako\"}]");
      Object managerAccount = gateway.sql("SELECT id FROM account WHERE name = 'Fatoumata Dembele'").get(0).get("id");
      var created = gateway.admin("POST", "/api/v1/households", "application/json", """
          {"mutual":"mopti-cercle","section":"sio","product":"mopti-annual","headName":"Oumar Sangare","headMsisdn":"+22379000001"}""");
      JsonObject household = new JsonObject(created.body());
      PgPayments payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
      ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
      PaymentIntent intent = payments.createIntent(UUID.fromString(household.getString("id")), null, "momo", "+22379000001", quote, "fr",
          "reversal", Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
      Confirmation.Booked booked = (Confirmation.Booked) payments.confirm(intent.id(), "TX-REV", Money.of(2730, "XOF"),
          LocalDate.now(ZoneId.of("Africa/Bamako"))).toCompletionStage().toCompletableFuture().join();
      String receipt = booked.receiptNumber();
      String body = """
          {"reversedBy":"Someone Else","reason":"Paiement repris par l'opérateur (litige 77)"}""";

      // Bad requests and unknown receipts first: nothing changes.
      assertThat(reverse(gateway, receipt, "{\"reversedBy\":\"x\"}").statusCode()).isEqualTo(400);
      assertThat(reverse(gateway, receipt, "not json").statusCode()).isEqualTo(400);
      assertThat(reverse(gateway, "MOP-R9999999", body).statusCode()).isEqualTo(404);
      // Another mutual's manager: as if the receipt did not exist.
      assertThat(gateway.as(otherManager, "POST", "/api/v1/receipts/" + receipt + "/reversal", "application/json", body).statusCode())
          .isEqualTo(404);
      assertThat(gateway.count("SELECT count(*) FROM journal_entry WHERE kind = 'reversal'")).isZero();

      HttpResponse<String> reversed = reverse(gateway, receipt.toLowerCase(), body);
      assertThat(reversed.statusCode()).as(reversed.body()).isEqualTo(200);
      assertThat(new JsonObject(reversed.body()).getString("status")).isEqualTo("reversed");
      // The journal: the receipt's entry and its mirror image, each balanced, together zero on every account.
      assertThat(gateway.sql("SELECT kind FROM journal_entry ORDER BY id")).extracting(r -> r.get("kind")).containsExactly("receipt", "reversal");
      assertThat(gateway.count("SELECT count(*) FROM (SELECT account FROM posting GROUP BY account HAVING sum(amount) <> 0) x")).isZero();
      assertThat(gateway.count("""
          SELECT count(*) FROM (SELECT entry_id FROM posting GROUP BY entry_id HAVING sum(amount) <> 0) x""")).isZero();
      // The cover it gave is gone: the household's rights are as before the payment.
      assertThat(gateway.count("SELECT count(*) FROM receipt_member")).isZero();
      JsonObject after = new JsonObject(gateway.admin("GET", "/api/v1/households/" + household.getString("id"), null, null).body());
      assertThat(after.getJsonObject("rights").getString("status")).isEqualTo("NOT_PAID");
      assertThat(gateway.sql("SELECT reversed_by, reversal_reason FROM receipt").get(0))
          .containsEntry("reversed_by", "Fatoumata Dembele").containsEntry("reversal_reason", "Paiement repris par l'opérateur (litige 77)");
      assertThat(gateway.sql("SELECT actor, account_id, action, subject FROM audit_log WHERE action = 'receipt.reversed'")).singleElement()
          .satisfies(row -> assertThat(row).containsEntry("actor", "Fatoumata Dembele").containsEntry("account_id", managerAccount)
              .containsEntry("subject", "receipt:" + receipt));
      assertThat(gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE dedup_key = 'receipt-reversed:" + receipt + "'").get(0).get("m")
          .toString()).isEqualTo("MOP: le recu " + receipt + " de 2 730 FCFA a été annulé par la mutuelle. Pour toute question: Mutuelle de Mopti 21 43 00 00.");

      // Twice: refused, nothing more written.
      HttpResponse<String> again = reverse(gateway, receipt, body);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).contains("already_reversed", "Fatoumata Dembele");
      assertThat(gateway.count("SELECT count(*) FROM journal_entry")).isEqualTo(2);
      // The journal itself still refuses any change.
      assertThatThrownBy(() -> gateway.sql("DELETE FROM posting RETURNING id")).rootCause().hasMessageContaining("append-only");
    }
  }
}
