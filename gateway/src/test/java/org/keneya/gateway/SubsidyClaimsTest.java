package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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

/**
 * The State's and partners' shares, claimed by quarter (Mopti: 8,650 FCFA a person a year, 50 %
 * State = 4,325, 30 % AFD = 2,595), each receipt once, exported as CSV, and the transfer booked.
 */
class SubsidyClaimsTest {
  private static int households;

  private static String pay(GatewayFixture gateway, PgPayments payments, int persons, LocalDate paidOn) {
    String msisdn = "+2237500" + String.format("%04d", ++households);
    StringBuilder members = new StringBuilder();
    for (int i = 1; i < persons; i++) members.append(i > 1 ? "," : "").append("{\"name\":\"Enfant ").append(i).append("\",\"birthYear\":2014}");
    JsonObject household = new JsonObject(gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"soye","product":"mopti-annual","headName":"Bintou Diallo","headMsisdn":"%s","members":[%s]}"""
        .formatted(msisdn, members)).body());
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, persons, 1, 0, 0);
    PaymentIntent intent = payments.createIntent(UUID.fromString(household.getString("id")), null, "momo", msisdn, quote, "fr",
        "claims:" + households, Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
    return ((Confirmation.Booked) payments.confirm(intent.id(), "TX-" + households, Money.of(quote.memberPays(), "XOF"), paidOn)
        .toCompletionStage().toCompletableFuture().join()).receiptNumber();
  }

  private static String quarter(LocalDate day) {
    return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
  }

  private static HttpResponse<String> claim(GatewayFixture gateway, String mutual, String body) {
    return gateway.admin("POST", "/api/v1/mutuals/" + mutual + "/claims", "application/json", body);
  }

  @Test
  void eachFundersShareIsClaimedOncePerReceipt_exportedAsCsv_andItsTransferBookedOnce() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      PgPayments payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
      LocalDate today = LocalDate.now(ZoneId.of("Africa/Bamako"));
      LocalDate thisQuarter = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
      LocalDate lastQuarter = thisQuarter.minusMonths(3);
      String twoPersons = pay(gateway, payments, 2, lastQuarter.plusDays(9));
      String onePerson = pay(gateway, payments, 1, thisQuarter.minusDays(1));
      String earlier = pay(gateway, payments, 1, lastQuarter.minusMonths(1));  // booked late, never claimed: caught up
      pay(gateway, payments, 1, today);                                          // this quarter: not yet
      String reversed = pay(gateway, payments, 1, lastQuarter.plusDays(20));
      assertThat(gateway.admin("POST", "/api/v1/receipts/" + reversed + "/reversal", "application/json",
          "{\"reversedBy\":\"comptable\",\"reason\":\"doublon\"}").statusCode()).isEqualTo(200);

      String body = "{\"funder\":\"state\",\"quarter\":\"" + quarter(lastQuarter) + "\",\"createdBy\":\"Adama Traore, gérant\"}";
      HttpResponse<String> created = claim(gateway, "mopti-cercle", body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject state = new JsonObject(created.body());
      assertThat(state.getLong("total")).isEqualTo(4 * 4325L);
      JsonArray lines = state.getJsonArray("lines");
      assertThat(lines).hasSize(3);
      assertThat(lines.stream().map(l -> ((JsonObject) l).getString("receipt"))).containsExactly(earlier, twoPersons, onePerson);
      JsonObject pair = lines.getJsonObject(1);
      assertThat(pair.getInteger("persons")).isEqualTo(2);
      assertThat(pair.getString("memberNumbers")).matches("MOP-\\d{6}-01 MOP-\\d{6}-02");
      assertThat(pair.getLong("amount")).isEqualTo(8650L);
      assertThat(pair.getString("coveredFrom")).isEqualTo(lastQuarter.plusDays(9).toString());

      // Once per quarter and funder; the partner's claim is its own.
      HttpResponse<String> again = claim(gateway, "mopti-cercle", body);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(state.getString("id"));
      JsonObject afd = new JsonObject(claim(gateway, "mopti-cercle", body.replace("state", "afd")).body());
      assertThat(afd.getLong("total")).isEqualTo(4 * 2595L);

      HttpResponse<String> csv = gateway.admin("GET", "/api/v1/claims/" + state.getString("id") + "/lines.csv", null, null);
      assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
      assertThat(csv.body().lines().toList()).hasSize(4)
          .first().isEqualTo("receipt,paid_on,household,persons,member_numbers,covered_from,covered_until,amount,currency");
      assertThat(csv.body()).contains(twoPersons + ",", ",8650,XOF");

      // The State pays: bank against the State's receivable, once.
      String payment = "{\"paidOn\":\"" + today + "\",\"reference\":\"VIR-TRESOR-0042\",\"recordedBy\":\"Adama Traore, gérant\"}";
      HttpResponse<String> paid = gateway.admin("POST", "/api/v1/claims/" + state.getString("id") + "/payment", "application/json", payment);
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
      assertThat(new JsonObject(paid.body()).getString("paidReference")).isEqualTo("VIR-TRESOR-0042");
      assertThat(gateway.sql("SELECT p.account, p.amount FROM posting p JOIN journal_entry j ON j.id = p.entry_id"
          + " WHERE j.kind = 'subsidy-received' ORDER BY p.amount DESC")).extracting(r -> r.get("account") + "=" + r.get("amount"))
          .containsExactly("bank=17300", "subsidy-receivable:state=-17300");
      // What the State still owes: this quarter's receipt only.
      assertThat(gateway.count("SELECT sum(amount) FROM posting WHERE account = 'subsidy-receivable:state'")).isEqualTo(4325L);
      assertThat(gateway.admin("POST", "/api/v1/claims/" + state.getString("id") + "/payment", "application/json", payment).statusCode())
          .isEqualTo(409);
      assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'subsidy_claim.paid'")).isEqualTo(1);

      // The trial balance names each account by the mutual's chart; debits and credits agree.
      JsonObject balances = new JsonObject(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/ledger/balances", null, null).body());
      assertThat(balances.getLong("totalDebits")).isEqualTo(balances.getLong("totalCredits")).isPositive();
      JsonObject bank = balances.getJsonArray("accounts").stream().map(JsonObject.class::cast)
          .filter(a -> a.getString("account").equals("bank")).findFirst().orElseThrow();
      assertThat(bank).isEqualTo(new JsonObject().put("code", "5211").put("name", "Banque").put("account", "bank").put("currency", "XOF")
          .put("debits", 17300).put("credits", 0).put("balance", 17300));
      assertThat(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/ledger/balances?format=csv", null, null).body())
          .startsWith("code,name,account,currency,debits,credits,balance\n").contains("4491,\"État, subvention à recevoir\",subsidy-receivable:state,XOF,");
      assertThat(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/ledger/balances?asOf=hier", null, null).statusCode()).isEqualTo(400);
      assertThat(new JsonObject(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/ledger/balances?asOf=2000-01-01", null, null).body())
          .getJsonArray("accounts")).isEmpty();

      // Clear refusals.
      assertThat(claim(gateway, "nowhere", body).statusCode()).isEqualTo(404);
      assertThat(claim(gateway, "mopti-cercle", body.replace("state", "world-bank")).statusCode()).isEqualTo(404);
      assertThat(claim(gateway, "mopti-cercle", body.replace(quarter(lastQuarter), "2026-Q5")).statusCode()).isEqualTo(400);
      assertThat(claim(gateway, "mopti-cercle", body.replace(quarter(lastQuarter), quarter(today))).body()).contains("period_not_over");
      assertThat(claim(gateway, "mopti-cercle", "{}").statusCode()).isEqualTo(400);
      assertThat(gateway.admin("GET", "/api/v1/claims/" + UUID.randomUUID(), null, null).statusCode()).isEqualTo(404);
      assertThat(gateway.admin("POST", "/api/v1/claims/" + afd.getString("id") + "/payment", "application/json",
          payment.replace(today.toString(), today.plusDays(3).toString())).statusCode()).isEqualTo(400);
    }
  }
}
