package org.keneya.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.memory.InMemoryOutbox;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.sms.SmsDestinations;
import org.keneya.gateway.support.MemoryStores;

/**
 * {@link OutboxWorker} on the in-memory outbox and a scripted transport: no database, time moved by
 * hand. The outbox's own promises (leases, dedup keys) are checked against PostgreSQL by its contract suite.
 */
class OutboxWorkerTest {
  private final MemoryStores stores = new MemoryStores();
  private final ScriptedSms transport = new ScriptedSms();

  private OutboxWorker worker(int maxPerHour) {
    return new OutboxWorker(stores.outbox, transport, new Metrics(new SimpleMeterRegistry()), 100, MemoryStores.CONFIG.remindersOrDefaults(),
        stores.clock, new SmsDestinations(MemoryStores.CONFIG), new InMemoryRateLimiter(stores.clock), maxPerHour);
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private InMemoryOutbox.Row row(String dedupKey) {
    return stores.outbox.rows().stream().filter(r -> r.dedupKey().equals(dedupKey)).findFirst().orElseThrow();
  }

  @Test
  void anSmsTheTransportDidNotTakeIsRetriedLater() {
    OutboxWorker worker = worker(0);
    join(stores.outbox.enqueueSms("receipt-sms:MOP-R0000001", "+22376000001", "Recu MOP-R0000001"));
    transport.fails(new RemoteFailure("connection reset", false), 1);

    assertThat(join(worker.drain(10))).isEqualTo(1);
    InMemoryOutbox.Row waiting = row("receipt-sms:MOP-R0000001");
    assertThat(waiting.status()).isEqualTo("PENDING");
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.lastError()).isEqualTo("connection reset");
    assertThat(waiting.nextAttemptAt()).isEqualTo(stores.clock.instant().plusSeconds(OutboxWorker.delaySeconds(1)));

    join(worker.drain(10));
    assertThat(transport.sent).as("not before its delay").hasSize(1);
    stores.clock.advance(Duration.ofSeconds(OutboxWorker.delaySeconds(1)));
    join(worker.drain(10));

    assertThat(transport.sent).hasSize(2);
    InMemoryOutbox.Row sent = row("receipt-sms:MOP-R0000001");
    assertThat(sent.status()).isEqualTo("DONE");
    assertThat(sent.result()).isEqualTo("ATXid_2");
    assertThat(sent.lastError()).isNull();
    join(worker.drain(10));
    assertThat(transport.sent).as("sent once").hasSize(2);
  }

  @Test
  void anSmsIsGivenUpWhenTheTransportRefusesIt_orAfterItsLastAttempt() {
    OutboxWorker worker = worker(0);
    join(stores.outbox.enqueueSms("refused", "+22376000001", "Bonjour"));
    join(stores.outbox.enqueueSms("unlucky", "+22376000002", "Bonjour"));
    transport.fails(new RemoteFailure("invalid phone number", true), 1);
    transport.fails(new RemoteFailure("service unavailable", false), OutboxWorker.MAX_ATTEMPTS);

    for (int attempt = 1; attempt <= OutboxWorker.MAX_ATTEMPTS; attempt++) {
      join(worker.drain(10));
      stores.clock.advance(Duration.ofHours(1));
    }

    assertThat(row("refused").status()).isEqualTo("FAILED");
    assertThat(row("refused").attempts()).as("given up at once").isEqualTo(1);
    assertThat(row("unlucky").status()).isEqualTo("FAILED");
    assertThat(row("unlucky").attempts()).isEqualTo(OutboxWorker.MAX_ATTEMPTS);
    assertThat(transport.sent).hasSize(1 + OutboxWorker.MAX_ATTEMPTS);
  }

  @Test
  void anSmsToANumberOutsideTheDeploymentIsNeverSent() {
    join(stores.outbox.enqueueSms("pumped", "+88216000000", "Bonjour"));

    join(worker(0).drain(10));

    assertThat(transport.sent).isEmpty();
    assertThat(row("pumped").status()).isEqualTo("FAILED");
    assertThat(row("pumped").lastError()).isEqualTo(OutboxWorker.DESTINATION_NOT_ALLOWED);
  }

  @Test
  void aReminderIsSetAsideWhenItsHouseholdPaidAfterItWasQueued() {
    HouseholdRecord.Created household = stores.enrol("+22376000003", 0);
    join(stores.outbox.queue("reminder:1", OutboxMessage.Sms.reminder("+22376000003", "Pensez a cotiser", household.id())));
    stores.clock.advance(Duration.ofMinutes(5));
    PaymentIntent intent = join(stores.payments.createIntent(household.id(), null, "orange", "+22376000003",
        ContributionCalculator.quote(MemoryStores.CONFIG.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 0), "fr", "at:s1",
        stores.clock.instant()));
    join(stores.payments.confirm(intent.id(), "tx-1", intent.amount(), java.time.LocalDate.now(stores.clock)));

    join(worker(0).drain(10));

    assertThat(transport.sent).as("the receipt only").singleElement().satisfies(sms -> assertThat(sms.message()).contains("R0000001"));
    assertThat(row("reminder:1").status()).isEqualTo("DONE");
    assertThat(row("reminder:1").result()).as("never handed to the transport").isNull();
  }

  @Test
  void quietMessagesWaitForTheMorning_othersLeaveAtOnce() {
    stores.clock.advance(Duration.between(stores.clock.instant(), Instant.parse("2026-11-23T22:00:00Z")));
    join(stores.outbox.queue("notice:1", OutboxMessage.Sms.notice("+22376000001", "Vos droits sont ouverts")));
    join(stores.outbox.enqueueSms("receipt-sms:1", "+22376000002", "Recu"));
    OutboxWorker worker = worker(0);

    join(worker.drain(10));
    assertThat(transport.sent).extracting(ScriptedSms.Sent::message).containsExactly("Recu");
    assertThat(row("notice:1").nextAttemptAt()).as("moved to the end of the quiet hours").isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));

    stores.clock.advance(Duration.ofHours(9));
    join(worker.drain(10));
    assertThat(transport.sent).extracting(ScriptedSms.Sent::message).containsExactly("Recu", "Vos droits sont ouverts");
  }

  @Test
  void whatIsOverTheHourlyBudgetWaitsForTheNextHour_noAttemptSpent() {
    for (int i = 1; i <= 3; i++) join(stores.outbox.enqueueSms("sms:" + i, "+2237600000" + i, "message " + i));
    OutboxWorker worker = worker(2);

    join(worker.drain(10));
    assertThat(transport.sent).hasSize(2);
    InMemoryOutbox.Row held = stores.outbox.rows().stream().filter(r -> r.status().equals("PENDING")).findFirst().orElseThrow();
    assertThat(held.attempts()).isZero();

    stores.clock.advance(Duration.ofHours(1));
    join(worker.drain(10));
    assertThat(transport.sent).hasSize(3);
    assertThat(stores.outbox.rows()).allSatisfy(r -> assertThat(r.status()).isEqualTo("DONE"));
  }
}
