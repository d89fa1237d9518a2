package org.keneya.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.memory.InMemoryOutbox;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider.Callback;
import org.keneya.flows.ports.PaymentProvider.CallbackVerdict;
import org.keneya.flows.ports.PaymentProvider.PaymentStatus;
import org.keneya.flows.ports.PaymentProvider.Requested;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.payments.PaymentService.CallbackOutcome;
import org.keneya.gateway.support.MemoryStores;

/**
 * The life of a wallet payment through {@link PaymentService}, on the in-memory stores and scripted
 * wallets: no database, no HTTP, time moved by hand. What the PostgreSQL stores would do the same
 * way is checked by the stores' contract suites.
 */
class PaymentServiceTest {
  private static final String HEAD = "+22376300001";
  private static Vertx vertx;

  private final MemoryStores stores = new MemoryStores();
  private final ScriptedWallet orange = new ScriptedWallet("orange");
  private final ScriptedWallet wave = new ScriptedWallet("wave");
  private final AtomicInteger booked = new AtomicInteger();
  private final PaymentService service;

  PaymentServiceTest() {
    Map<String, ScriptedWallet> scripted = Map.of("orange", orange, "wave", wave, "moov", new ScriptedWallet("moov"));
    Wallets wallets = new Wallets(vertx, MemoryStores.CONFIG, wallet -> scripted.get(wallet.id()), new SimpleMeterRegistry());
    service = new PaymentService(stores.payments, wallets, stores.outbox, MemoryStores.MESSAGES, MemoryStores.CONFIG.payments(), stores.clock,
        new Metrics(new SimpleMeterRegistry()), booked::incrementAndGet);
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static ContributionQuote quote(int persons) {
    return ContributionCalculator.quote(MemoryStores.CONFIG.product("mopti-annual").orElseThrow(), "XOF", null, persons, 1, 0, 0);
  }

  /** A payment of the whole household of three, recorded and asked of {@code wallet}. */
  private PaymentIntent requested(HouseholdRecord.Created household, String wallet) {
    PaymentIntent intent = join(service.record(household.id(), null, wallet, new Msisdn(HEAD), quote(3), "fr", "at:" + UUID.randomUUID()));
    join(service.request(intent));
    return intent;
  }

  private PaymentState status(PaymentIntent intent) {
    return join(stores.payments.find(intent.id())).orElseThrow().status();
  }

  private static Callback notification(String body) {
    return new Callback(null, Map.of(), body);
  }

  private List<OutboxMessage.Sms> receiptSms() {
    return stores.outbox.rows().stream().map(InMemoryOutbox.Row::message).map(OutboxMessage.Sms.class::cast)
        .filter(sms -> sms.receipt() != null).toList();
  }

  private HouseholdRecord household(HouseholdRecord.Created created) {
    return join(stores.households.findById(created.id(), 5)).orElseThrow();
  }

  @Test
  void aSignedCallbackThatArrivesTwiceBooksOnce() {
    HouseholdRecord.Created household = stores.enrol(HEAD, 2);
    PaymentIntent intent = requested(household, "orange");
    assertThat(orange.requests).singleElement().satisfies(order -> {
      assertThat(order.referenceId()).isEqualTo(intent.id().toString());
      assertThat(order.amount()).isEqualTo(Money.of(6190, "XOF"));
      assertThat(order.payer()).isEqualTo(new Msisdn(HEAD));
    });
    assertThat(status(intent)).isEqualTo(PaymentState.PENDING);
    orange.notifies("paid", new CallbackVerdict.Claim("evt-1", intent.id().toString(), null,
        new PaymentStatus.Successful("tx-1", intent.amount()), true));

    assertThat(join(service.callback("orange", notification("paid")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(join(service.callback("orange", notification("paid")))).isEqualTo(CallbackOutcome.DUPLICATE);

    assertThat(booked.get()).isEqualTo(1);
    assertThat(status(intent)).isEqualTo(PaymentState.SUCCESSFUL);
    assertThat(receiptSms()).singleElement().satisfies(sms -> assertThat(sms.to()).isEqualTo(HEAD));
    assertThat(household(household).receipts()).singleElement().extracting(HouseholdRecord.Receipt::amount).isEqualTo(6190L);
    assertThat(household(household).members()).allSatisfy(m -> assertThat(m.coveredUntil()).isEqualTo(LocalDate.of(2027, 11, 22)));
    assertThat(orange.statusChecks.get()).as("a signed notification is believed as it is").isZero();

    // The same success told again in another notification books nothing more.
    orange.notifies("paid, told again", new CallbackVerdict.Claim("evt-2", intent.id().toString(), null,
        new PaymentStatus.Successful("tx-1", intent.amount()), true));
    assertThat(join(service.callback("orange", notification("paid, told again")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(booked.get()).isEqualTo(1);
    assertThat(receiptSms()).hasSize(1);
  }

  @Test
  void anUnsignedCallbackIsBelievedOnlyOnceTheWalletConfirmsIt() {
    PaymentIntent intent = requested(stores.enrol(HEAD, 2), "orange");
    orange.notifies("paid?", new CallbackVerdict.Claim("evt-1", intent.id().toString(), "op-77",
        new PaymentStatus.Successful("tx-1", intent.amount()), false));

    assertThat(join(service.callback("orange", notification("paid?")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(orange.statusChecks.get()).isEqualTo(1);
    assertThat(status(intent)).as("the wallet still says pending").isEqualTo(PaymentState.PENDING);
    assertThat(join(stores.payments.eventSeen("orange", "evt-1"))).as("so its repeat is checked again").isFalse();
    assertThat(join(stores.payments.find(intent.id())).orElseThrow().providerReference()).isEqualTo("op-77");

    orange.status = new PaymentStatus.Successful("tx-1", intent.amount());
    assertThat(join(service.callback("orange", notification("paid?")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(status(intent)).isEqualTo(PaymentState.SUCCESSFUL);
    assertThat(booked.get()).isEqualTo(1);
    assertThat(join(service.callback("orange", notification("paid?")))).isEqualTo(CallbackOutcome.DUPLICATE);
  }

  @Test
  void aCallbackNamingNoPaymentOfItsWalletBooksNothing() {
    PaymentIntent intent = requested(stores.enrol(HEAD, 0), "orange");
    wave.notifies("orange's payment", new CallbackVerdict.Claim("evt-1", intent.id().toString(), null,
        new PaymentStatus.Successful("tx-1", intent.amount()), true));
    orange.notifies("nobody's", new CallbackVerdict.Claim("evt-2", UUID.randomUUID().toString(), null,
        new PaymentStatus.Successful("tx-2", intent.amount()), true));

    assertThat(join(service.callback("wave", notification("orange's payment")))).isEqualTo(CallbackOutcome.UNKNOWN_PAYMENT);
    assertThat(join(service.callback("orange", notification("nobody's")))).isEqualTo(CallbackOutcome.UNKNOWN_PAYMENT);
    assertThat(join(service.callback("orange", notification("forged")))).isEqualTo(CallbackOutcome.FORGED);
    assertThat(join(service.callback("mpesa", notification("anything")))).isEqualTo(CallbackOutcome.UNKNOWN_WALLET);
    assertThat(status(intent)).isEqualTo(PaymentState.PENDING);
    assertThat(booked.get()).isZero();
  }

  @Test
  void aWalletThatRefusesTheRequestFailsThePayment_andTheHouseholdMayPayAgain() {
    orange.refusal = new RemoteFailure("payer not registered", true);
    HouseholdRecord.Created household = stores.enrol(HEAD, 0);
    PaymentIntent refused = requested(household, "orange");

    assertThat(status(refused)).isEqualTo(PaymentState.FAILED);
    assertThat(stores.outbox.rows()).isEmpty();
    orange.refusal = null;
    assertThat(status(requested(household, "orange"))).isEqualTo(PaymentState.PENDING);
  }

  @Test
  void aRequestLeftUnansweredIsCheckedAndAskedAgainOnlyWhenTheWalletNeverGotIt() {
    orange.refusal = new RemoteFailure("read timed out", false);
    PaymentIntent intent = requested(stores.enrol(HEAD, 0), "orange");
    assertThat(status(intent)).as("not taken as failed").isEqualTo(PaymentState.INITIATING);

    orange.refusal = null;
    assertThat(join(service.checkDuePayments(10))).as("not due yet").isZero();
    stores.clock.advance(Duration.ofSeconds(MemoryStores.CONFIG.payments().pollAfterSeconds()));
    orange.status = new PaymentStatus.Unknown();
    assertThat(join(service.checkDuePayments(10))).isEqualTo(1);
    assertThat(orange.requests).as("asked again").hasSize(2);
    assertThat(status(intent)).isEqualTo(PaymentState.PENDING);

    orange.status = new PaymentStatus.Pending();
    assertThat(join(service.checkDuePayments(10))).as("the next check waits its turn").isZero();
    stores.clock.advance(Duration.ofMinutes(15));
    assertThat(join(service.checkDuePayments(10))).isEqualTo(1);
    assertThat(orange.requests).as("a pending payment is never asked twice").hasSize(2);

    orange.status = new PaymentStatus.Failed("payer declined");
    stores.clock.advance(Duration.ofMinutes(15));
    assertThat(join(service.checkDuePayments(10))).isEqualTo(1);
    assertThat(status(intent)).isEqualTo(PaymentState.FAILED);
    assertThat(booked.get()).isZero();
  }

  @Test
  void aSuccessOfAnotherAmountIsHeldForReview() {
    PaymentIntent intent = requested(stores.enrol(HEAD, 2), "orange");
    orange.status = new PaymentStatus.Successful("tx-1", Money.of(100, "XOF"));
    stores.clock.advance(Duration.ofSeconds(MemoryStores.CONFIG.payments().pollAfterSeconds()));

    assertThat(join(service.checkDuePayments(10))).isEqualTo(1);

    assertThat(status(intent)).isEqualTo(PaymentState.REVIEW);
    assertThat(booked.get()).isZero();
    assertThat(receiptSms()).isEmpty();
  }

  @Test
  void aPaymentWithNoAnswerExpires_andASuccessToldLaterIsStillBooked() {
    HouseholdRecord.Created household = stores.enrol(HEAD, 0);
    PaymentIntent intent = requested(household, "orange");
    stores.clock.advance(Duration.ofMinutes(MemoryStores.CONFIG.payments().expireAfterMinutes()));

    assertThat(join(service.checkDuePayments(10))).isEqualTo(1);
    assertThat(status(intent)).isEqualTo(PaymentState.EXPIRED);
    assertThat(orange.statusChecks.get()).as("an expired payment is not asked about").isZero();
    assertThat(household(household).pendingAmount()).as("no longer shown as pending").isNull();

    orange.notifies("late", new CallbackVerdict.Claim("evt-9", intent.id().toString(), null,
        new PaymentStatus.Successful("tx-9", intent.amount()), true));
    assertThat(join(service.callback("orange", notification("late")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(status(intent)).isEqualTo(PaymentState.SUCCESSFUL);
    assertThat(booked.get()).isEqualTo(1);
  }

  @Test
  void aWalletPaidFromALinkHasItsLinkSentOnce_andItsCallbackFindsThePaymentByTheWalletsOwnId() {
    wave.accepted = new Requested("cos-1", "https://pay.wave.com/c/cos-1");
    PaymentIntent intent = requested(stores.enrol(HEAD, 2), "wave");
    join(service.request(join(stores.payments.find(intent.id())).orElseThrow()));

    assertThat(stores.outbox.rows()).singleElement().satisfies(row -> {
      assertThat(row.dedupKey()).isEqualTo("payment-link:" + intent.id());
      assertThat(((OutboxMessage.Sms) row.message()).text()).contains("https://pay.wave.com/c/cos-1");
    });
    wave.notifies("completed", new CallbackVerdict.Claim("evt-1", null, "cos-1", new PaymentStatus.Successful("tx-1", intent.amount()), true));
    assertThat(join(service.callback("wave", notification("completed")))).isEqualTo(CallbackOutcome.APPLIED);
    assertThat(status(intent)).isEqualTo(PaymentState.SUCCESSFUL);
  }
}
