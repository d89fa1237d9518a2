package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.gateway.support.GatewayFixture;

/** The urban mutual's month (440 / 270 / 210 FCFA a person a month by level): expected, collected, rate, channels, guarantee fund. */
class MonthlyReportTest {
  private static final ZoneId BAMAKO = ZoneId.of("Africa/Bamako");

  private static UUID enrol(GatewayFixture gateway, String section, String level, String msisdn, int persons) {
    StringBuilder members = new StringBuilder();
    for (int i = 1; i < persons; i++) members.append("{\"name\":\"Conjoint\",\"birthYear\":1990}");
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"utm-bamako","section":"%s","product":"urban-voluntary","guaranteeLevel":"%s","headName":"Sali Konate",
         "headMsisdn":"%s","members":[%s]}""".formatted(section, level, msisdn, members));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return UUID.fromString(new JsonObject(created.body()).getString("id"));
  }

  private static void payOneMonth(GatewayFixture gateway, PgPayments payments, UUID household, String level, int persons, String wallet) {
    ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("urban-voluntary").orElseThrow(), "XOF", level, persons, 1, 0, 0);
    PaymentIntent intent = payments.createIntent(household, null, wallet, "+22370000000", quote, "fr", "report:" + household,
        Instant.now().plusSeconds(600)).toCompletionStage().toCompletableFuture().join();
    payments.confirm(intent.id(), "TX-" + household, Money.of(quote.memberPays(), "XOF"), LocalDate.now(BAMAKO))
        .toCompletionStage().toCompletableFuture().join();
  }

  private static JsonObject report(GatewayFixture gateway, String query) {
    var answer = gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly?" + query, null, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  @Test
  void theMonthsRecoveryRateReceiptsByChannelAndGuaranteeFund_forTheMutualOrOneSection() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      PgPayments payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
      UUID couple = enrol(gateway, "commune-1", "combined", "+22374000001", 2);
      enrol(gateway, "commune-4", "hospitalisation", "+22374000002", 1);
      UUID single = enrol(gateway, "commune-1", "ambulatory", "+22374000003", 1);
      payOneMonth(gateway, payments, couple, "combined", 2, "momo");
      payOneMonth(gateway, payments, single, "ambulatory", 1, "wave");
      String month = YearMonth.now(BAMAKO).toString();

      JsonObject whole = report(gateway, "month=" + month);
      assertThat(whole.getJsonObject("persons")).isEqualTo(new JsonObject().put("enrolled", 4).put("coveredAtMonthEnd", 3));
      assertThat(whole.getJsonObject("households")).isEqualTo(new JsonObject().put("enrolled", 3).put("coveredAtMonthEnd", 2));
      JsonObject contributions = whole.getJsonObject("contributions");
      assertThat(contributions.getLong("expected")).isEqualTo(2 * 440 + 270 + 210);
      assertThat(contributions.getLong("collected")).isEqualTo(2 * 440 + 210);
      assertThat(contributions.getString("recoveryRatePercent")).isEqualTo("80.1");
      assertThat(whole.getJsonArray("receiptsByChannel").stream().map(c -> ((JsonObject) c).getString("channel") + " "
          + ((JsonObject) c).getString("name") + " " + ((JsonObject) c).getLong("receipts") + " " + ((JsonObject) c).getLong("amount")))
          .containsExactly("wallet:momo Mobile Money 1 1880", "wallet:wave wave 1 1210");
      assertThat(whole.getLong("guaranteeFund")).isEqualTo(880 * 3 / 100 + 210 * 3 / 100);

      JsonObject commune1 = report(gateway, "month=" + month + "&section=commune-1");
      assertThat(commune1.getJsonObject("contributions").getLong("expected")).isEqualTo(1090);
      assertThat(commune1.getJsonObject("contributions").getString("recoveryRatePercent")).isEqualTo("100.0");

      var csv = gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly?format=csv&month=" + month, null, null);
      assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
      assertThat(csv.body()).startsWith("metric,value\n").contains("recovery_rate_percent,80.1\n", "households_enrolled,3\n", "receipts:wallet:momo,1\n", "guarantee_fund,32\n");

      // A month not begun, a malformed one, an unknown section or mutual: clear refusals.
      assertThat(gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly?month=" + YearMonth.now(BAMAKO).plusMonths(1), null, null)
          .statusCode()).isEqualTo(400);
      assertThat(gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly?month=octobre", null, null).statusCode()).isEqualTo(400);
      assertThat(gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly", null, null).statusCode()).isEqualTo(400);
      assertThat(gateway.admin("GET", "/api/v1/mutuals/utm-bamako/reports/monthly?month=" + month + "&section=konna", null, null)
          .statusCode()).isEqualTo(404);
      assertThat(gateway.admin("GET", "/api/v1/mutuals/nowhere/reports/monthly?month=" + month, null, null).statusCode()).isEqualTo(404);
    }
  }
}
