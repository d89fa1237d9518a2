package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * Many confirmations at once, each arriving twice, through two "gateway instances" (each its own
 * connection pool, as two processes would have): one receipt each, numbered without gap or repeat.
 */
class ConcurrentConfirmationTest {

  @Test
  void receiptsAreNumberedGaplesslyAndBookedOnceUnderConcurrentConfirmations() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      PgPayments payments = new PgPayments(gateway.app.pool(), gateway.config, new Messages(MessageCatalogues.loadShipped()));
      ContributionQuote quote = ContributionCalculator.quote(gateway.config.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0);
      List<PaymentIntent> intents = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String msisdn = "+2237700" + String.format("%04d", i);
        var created = gateway.admin("POST", "/api/v1/households", "application/json", """
            {"mutual":"mopti-cercle","section":"mopti","product":"mopti-annual","headName":"Membre %d","headMsisdn":"%s"}"""
            .formatted(i, msisdn));
        UUID household = UUID.fromString(new JsonObject(created.body()).getString("id"));
        intents.add(payments.createIntent(household, null, "momo", msisdn, quote, "fr", "test:" + i, Instant.now().plusSeconds(600))
            .toCompletionStage().toCompletableFuture().join());
      }
      io.vertx.sqlclient.Pool otherInstancePool = new org.keneya.adapters.pg.PgDatabase(gateway.pgUrl).pool(gateway.app.vertx(), 4);
      PgPayments otherInstance = new PgPayments(otherInstancePool, gateway.config, new Messages(MessageCatalogues.loadShipped()));
      List<Future<Confirmation>> confirmations = new ArrayList<>();
      for (PaymentIntent intent : intents) {
        for (PgPayments instance : List.of(payments, otherInstance)) {
          confirmations.add(instance.confirm(intent.id(), "tx-" + intent.id(), Money.of(2730, "XOF"), LocalDate.of(2026, 11, 23)));
        }
      }
      Future.all(confirmations).toCompletionStage().toCompletableFuture().join();
      long booked = confirmations.stream().filter(f -> f.result() instanceof Confirmation.Booked).count();
      long already = confirmations.stream().filter(f -> f.result() instanceof Confirmation.AlreadyBooked).count();
      assertThat(booked).isEqualTo(12);
      assertThat(already).isEqualTo(12);
      assertThat(gateway.sql("SELECT sequence_number FROM receipt ORDER BY sequence_number"))
          .extracting(r -> ((Number) r.get("sequence_number")).longValue())
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
      assertThat(gateway.count("SELECT count(*) FROM journal_entry")).isEqualTo(12);
      assertThat(gateway.count("SELECT count(*) FROM outbox")).isEqualTo(12);
      assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();

      // A confirmation for another amount than asked is held for review, never booked.
      PaymentIntent odd = payments.createIntent(intents.get(0).householdId(), null, "momo", "+22377000000", quote, "fr", "test:odd",
          Instant.now()).toCompletionStage().toCompletableFuture().join();
      Confirmation review = payments.confirm(odd.id(), "tx-odd", Money.of(100, "XOF"), LocalDate.of(2026, 11, 23))
          .toCompletionStage().toCompletableFuture().join();
      assertThat(review).isInstanceOf(Confirmation.HeldForReview.class);
      assertThat(gateway.sql("SELECT status FROM payment_intent WHERE id = '" + odd.id() + "'").get(0)).containsEntry("status", "REVIEW");
      assertThat(gateway.count("SELECT count(*) FROM receipt")).isEqualTo(12);
    }
  }
}
