package org.keneya.gateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.gateway.support.MemoryStores;

/**
 * What every {@link PaymentStore} promises, run against each implementation: an intent recorded
 * once per channel reference, one open payment per household, each change of state as
 * {@link PaymentState} allows it, exactly one booking however often a payment is confirmed, another
 * amount held for review, and status checks leased. What a booking writes is read back through the
 * household and outbox stores it shares its tables with. Each test starts with an empty outbox and no
 * status check due, and uses numbers of its own.
 */
abstract class PaymentStoreContract extends StoreContract {
  private static final LocalDate PAID_ON = LocalDate.of(2026, 11, 23);
  private static final int LEASE = 120;

  private HouseholdRecord.Created household(String head, int dependants) {
    List<NewHousehold.NewMember> others = new ArrayList<>();
    for (int i = 1; i <= dependants; i++) others.add(new NewHousehold.NewMember("Enfant " + i, 2015 + i));
    return bench().enrol(new NewHousehold("mopti-cercle", "konna", "mopti-annual", null, "Mariam Diallo", 1980, head, "fr", others), new Msisdn(head),
        PAID_ON.minusMonths(1));
  }

  /** The Mopti yearly contribution for {@code persons}, with the family's adhesion fee. */
  private static ContributionQuote quote(int persons) {
    return ContributionCalculator.quote(MemoryStores.CONFIG.product("mopti-annual").orElseThrow(), "XOF", null, persons, 1, 0, 0);
  }

  private PaymentIntent record(HouseholdRecord.Created household, String payer, ContributionQuote quote, String channelRef) {
    return join(payments().createIntent(household.id(), null, "momo", payer, quote, "fr", channelRef, now().plusSeconds(600)));
  }

  private PaymentState status(UUID intent) {
    return join(payments().find(intent)).orElseThrow().status();
  }

  private List<OutboxMessage.Sms> queuedSms() {
    List<OutboxMessage.Sms> sms = new ArrayList<>();
    for (OutboxStore.Item item : join(outbox().claimDueSms(100, LEASE, false))) sms.add((OutboxMessage.Sms) item.message());
    return sms;
  }

  @Test
  void anIntentIsRecordedOncePerChannelReference() {
    HouseholdRecord.Created household = household("+22376200001", 2);
    PaymentIntent first = record(household, "+22376200001", quote(3), "at:s1");
    PaymentIntent again = record(household, "+22376200001", quote(3), "at:s1");

    assertThat(again).isEqualTo(first);
    assertThat(first.householdId()).isEqualTo(household.id());
    assertThat(first.provider()).isEqualTo("momo");
    assertThat(first.payerMsisdn()).isEqualTo("+22376200001");
    assertThat(first.amount()).isEqualTo(Money.of(8650 * 3 / 5 + 1000, "XOF"));
    assertThat(first.quote()).isEqualTo(quote(3));
    assertThat(first.language()).isEqualTo("fr");
    assertThat(first.status()).isEqualTo(PaymentState.INITIATING);
    assertThat(first.checks()).isZero();
    assertThat(first.providerReference()).isNull();
    assertThat(join(payments().find(first.id()))).contains(first);
    assertThat(join(payments().find(UUID.randomUUID()))).isEmpty();
    assertThat(join(households().findById(household.id(), 5)).orElseThrow().pendingAmount()).as("shown to the menus")
        .isEqualTo(first.amount().amount());
  }

  @Test
  void aHouseholdHasOneOpenPaymentAtATime() {
    HouseholdRecord.Created household = household("+22376200002", 0);
    HouseholdRecord.Created neighbour = household("+22376200003", 0);
    PaymentIntent open = record(household, "+22376200002", quote(1), "at:s2");

    assertThatThrownBy(() -> record(household, "+22376200002", quote(1), "at:s3"))
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PaymentStore.PaymentAlreadyOpen.class);
    assertThat(record(household, "+22376200002", quote(1), "at:s2")).as("the same session asking again").isEqualTo(open);
    assertThat(record(neighbour, "+22376200003", quote(1), "at:s4").householdId()).isEqualTo(neighbour.id());

    join(payments().markRequested(open.id(), null));
    assertThatThrownBy(() -> record(household, "+22376200002", quote(1), "at:s5")).hasCauseInstanceOf(PaymentStore.PaymentAlreadyOpen.class);
    assertThat(join(payments().markFailed(open.id(), "declined"))).isTrue();
    assertThat(record(household, "+22376200002", quote(1), "at:s6").status()).as("once the first is resolved")
        .isEqualTo(PaymentState.INITIATING);
  }

  @Test
  void theStateChangesAsPaymentStateAllows() {
    HouseholdRecord.Created household = household("+22376200004", 0);
    PaymentIntent intent = record(household, "+22376200004", quote(1), "at:s7");

    join(payments().markRequested(intent.id(), "pay-token-7"));
    assertThat(join(payments().find(intent.id())).orElseThrow())
        .extracting(PaymentIntent::status, PaymentIntent::providerReference).containsExactly(PaymentState.PENDING, "pay-token-7");
    assertThat(join(payments().findByProviderReference("momo", "pay-token-7"))).map(PaymentIntent::id).contains(intent.id());
    assertThat(join(payments().findByProviderReference("orange", "pay-token-7"))).as("another wallet's reference").isEmpty();
    join(payments().markRequested(intent.id(), null));
    join(payments().rememberProviderReference(intent.id(), "another-token"));
    assertThat(join(payments().find(intent.id())).orElseThrow().providerReference()).as("a known reference is kept").isEqualTo("pay-token-7");

    assertThat(join(payments().markExpired(intent.id()))).isTrue();
    assertThat(status(intent.id())).isEqualTo(PaymentState.EXPIRED);
    assertThat(join(payments().markExpired(intent.id()))).as("no longer open").isFalse();
    join(payments().markRequested(intent.id(), null));
    assertThat(status(intent.id())).as("a late acceptance does not reopen it").isEqualTo(PaymentState.EXPIRED);
    assertThat(join(payments().markFailed(intent.id(), "the wallet's late word"))).isTrue();
    assertThat(status(intent.id())).isEqualTo(PaymentState.FAILED);
    assertThat(join(payments().markFailed(intent.id(), "again"))).isFalse();
    assertThat(join(payments().markExpired(intent.id()))).isFalse();

    PaymentIntent unknownReference = record(household, "+22376200004", quote(1), "at:s8");
    join(payments().rememberProviderReference(unknownReference.id(), "learnt-from-a-callback"));
    assertThat(join(payments().find(unknownReference.id())).orElseThrow().providerReference()).isEqualTo("learnt-from-a-callback");
    assertThat(status(unknownReference.id())).as("remembering changes no state").isEqualTo(PaymentState.INITIATING);
    assertThat(join(payments().markFailed(UUID.randomUUID(), "nobody"))).isFalse();
  }

  @Test
  void aPaymentConfirmedManyTimesAtOnceIsBookedOnce() {
    HouseholdRecord.Created household = household("+22376200005", 2);
    PaymentIntent intent = record(household, "+22376200005", quote(3), "at:s9");
    join(payments().markRequested(intent.id(), null));

    List<Future<Confirmation>> confirmations = new ArrayList<>();
    for (int i = 0; i < 6; i++) confirmations.add(payments().confirm(intent.id(), "tx-9", intent.amount(), PAID_ON));
    join(Future.all(confirmations));

    List<Confirmation> outcomes = confirmations.stream().map(Future::result).toList();
    List<Confirmation.Booked> booked = outcomes.stream().filter(Confirmation.Booked.class::isInstance).map(Confirmation.Booked.class::cast)
        .toList();
    assertThat(booked).hasSize(1);
    assertThat(booked.get(0).amount()).isEqualTo(intent.amount().amount());
    String receiptNumber = booked.get(0).receiptNumber();
    assertThat(receiptNumber).matches("MOP-R\\d{7}");
    assertThat(outcomes).filteredOn(Confirmation.AlreadyBooked.class::isInstance).hasSize(5)
        .allSatisfy(c -> assertThat(((Confirmation.AlreadyBooked) c).receiptNumber()).isEqualTo(receiptNumber));
    assertThat(join(payments().confirm(intent.id(), "tx-9", intent.amount(), PAID_ON))).isEqualTo(new Confirmation.AlreadyBooked(receiptNumber));
    assertThat(status(intent.id())).isEqualTo(PaymentState.SUCCESSFUL);
    assertThat(join(payments().markFailed(intent.id(), "too late"))).as("a booked payment stays booked").isFalse();

    assertThat(queuedSms()).as("one receipt SMS").singleElement().satisfies(sms -> {
      assertThat(sms.to()).isEqualTo("+22376200005");
      assertThat(sms.receipt()).isEqualTo(receiptNumber);
      assertThat(sms.text()).contains(receiptNumber);
    });
    HouseholdRecord read = join(households().findById(household.id(), 5)).orElseThrow();
    assertThat(read.receipts()).singleElement().satisfies(receipt -> {
      assertThat(receipt.receiptNumber()).isEqualTo(receiptNumber);
      assertThat(receipt.channel()).isEqualTo("wallet:momo");
      assertThat(receipt.amount()).isEqualTo(intent.amount().amount());
      assertThat(receipt.adhesionFee()).isEqualTo(1000);
      assertThat(receipt.paidOn()).isEqualTo(PAID_ON);
      assertThat(receipt.coveredFrom()).isEqualTo(PAID_ON);
      assertThat(receipt.coveredUntil()).isEqualTo(PAID_ON.plusYears(1).minusDays(1));
    });
    assertThat(read.members()).allSatisfy(m -> {
      assertThat(m.firstPaidOn()).isEqualTo(PAID_ON);
      assertThat(m.coveredUntil()).isEqualTo(PAID_ON.plusYears(1).minusDays(1));
      assertThat(m.periods()).hasSize(1);
    });
    assertThat(read.adhesionFeesPaid()).isEqualTo(1);
    assertThat(read.coveredUntil()).isEqualTo(PAID_ON.plusYears(1).minusDays(1));
    assertThat(read.pendingAmount()).isNull();
  }

  @Test
  void anotherAmountIsHeldForReview_andBookedOnlyOnceTheAmountAskedIsConfirmed() {
    HouseholdRecord.Created household = household("+22376200006", 0);
    PaymentIntent intent = record(household, "+22376200006", quote(1), "at:s10");

    Confirmation held = join(payments().confirm(intent.id(), "tx-10", Money.of(100, "XOF"), PAID_ON));
    assertThat(held).isInstanceOf(Confirmation.HeldForReview.class);
    assertThat(((Confirmation.HeldForReview) held).reason()).contains("100").contains(Long.toString(intent.amount().amount()));
    assertThat(status(intent.id())).isEqualTo(PaymentState.REVIEW);
    assertThat(join(payments().markFailed(intent.id(), "declined"))).as("a failure does not clear a review").isFalse();
    assertThat(queuedSms()).isEmpty();
    assertThat(join(households().findById(household.id(), 5)).orElseThrow().receipts()).isEmpty();

    assertThat(join(payments().confirm(intent.id(), "tx-10", intent.amount(), PAID_ON))).isInstanceOf(Confirmation.Booked.class);
    assertThat(join(payments().confirm(UUID.randomUUID(), "tx-x", intent.amount(), PAID_ON))).isEqualTo(new Confirmation.UnknownPayment());
  }

  @Test
  void aSuccessReportedAfterAFailureIsStillBooked_andItsNotificationRecordedWithIt() {
    HouseholdRecord.Created household = household("+22376200007", 0);
    PaymentIntent intent = record(household, "+22376200007", quote(1), "at:s11");
    join(payments().markFailed(intent.id(), "timeout at the wallet"));
    PaymentStore.Notification notification = new PaymentStore.Notification("momo", "evt-11");
    assertThat(join(payments().eventSeen("momo", "evt-11"))).isFalse();

    assertThat(join(payments().confirm(intent.id(), "tx-11", intent.amount(), PAID_ON, notification))).isInstanceOf(Confirmation.Booked.class);

    assertThat(join(payments().eventSeen("momo", "evt-11"))).isTrue();
    assertThat(join(payments().eventSeen("wave", "evt-11"))).as("another wallet's event").isFalse();
    join(payments().recordEvent("momo", "evt-11b", intent.id(), PaymentState.FAILED));
    assertThat(join(payments().eventSeen("momo", "evt-11b"))).isTrue();
  }

  @Test
  void aPaymentForSomePersonsCoversThemOnly_andTheNextFollowsOnFromTheirCover() {
    HouseholdRecord.Created household = household("+22376200008", 2);
    UUID head = household.members().get(0).id();
    ContributionQuote forOne = ContributionCalculator.quote(MemoryStores.CONFIG.product("mopti-annual").orElseThrow(), "XOF", null, 1, 1, 0, 3, 0);
    PaymentIntent first = join(payments().createIntent(household.id(), List.of(head), "momo", "+22376200008", forOne, "fr", "at:s12",
        now().plusSeconds(600)));
    String firstNumber = ((Confirmation.Booked) join(payments().confirm(first.id(), "tx-12", first.amount(), PAID_ON))).receiptNumber();

    HouseholdRecord afterFirst = join(households().findById(household.id(), 5)).orElseThrow();
    assertThat(afterFirst.members()).filteredOn(m -> m.id().equals(head)).singleElement()
        .extracting(HouseholdRecord.Member::coveredUntil).isEqualTo(PAID_ON.plusYears(1).minusDays(1));
    assertThat(afterFirst.members()).filteredOn(m -> !m.id().equals(head)).allSatisfy(m -> assertThat(m.coveredUntil()).isNull());

    PaymentIntent second = join(payments().createIntent(household.id(), List.of(head), "momo", "+22376200008", forOne, "fr", "at:s13",
        now().plusSeconds(600)));
    String secondNumber = ((Confirmation.Booked) join(payments().confirm(second.id(), "tx-13", second.amount(), PAID_ON.plusMonths(11))))
        .receiptNumber();
    assertThat(sequence(secondNumber)).as("numbered without gap").isEqualTo(sequence(firstNumber) + 1);
    HouseholdRecord afterSecond = join(households().findById(household.id(), 1)).orElseThrow();
    assertThat(afterSecond.members()).filteredOn(m -> m.id().equals(head)).singleElement()
        .extracting(HouseholdRecord.Member::coveredUntil).isEqualTo(PAID_ON.plusYears(2).minusDays(1));
    assertThat(afterSecond.receipts()).as("the latest only").extracting(HouseholdRecord.Receipt::receiptNumber).containsExactly(secondNumber);
  }

  @Test
  void dueChecksAreLeasedToOneClaimAtATime() {
    PaymentIntent soon = join(payments().createIntent(household("+22376200009", 0).id(), null, "momo", "+22376200009", quote(1), "fr", "at:s14",
        now().plusSeconds(30)));
    PaymentIntent later = join(payments().createIntent(household("+22376200010", 0).id(), null, "momo", "+22376200010", quote(1), "fr",
        "at:s15", now().plusSeconds(60)));
    PaymentIntent booked = join(payments().createIntent(household("+22376200011", 0).id(), null, "momo", "+22376200011", quote(1), "fr",
        "at:s16", now().plusSeconds(10)));
    join(payments().confirm(booked.id(), "tx-16", booked.amount(), PAID_ON));
    assertThat(join(payments().claimDue(10, LEASE))).as("none due yet").isEmpty();

    elapse(Duration.ofSeconds(90));
    assertThat(join(payments().claimDue(1, LEASE))).as("the longest due first").extracting(PaymentIntent::id).containsExactly(soon.id());
    List<PaymentIntent> claimed = join(payments().claimDue(10, LEASE));
    assertThat(claimed).as("only open payments, each once").extracting(PaymentIntent::id).containsExactly(later.id());
    assertThat(claimed.get(0).checks()).isEqualTo(1);
    assertThat(join(payments().claimDue(10, LEASE))).as("leased").isEmpty();

    join(payments().scheduleCheck(later.id(), now().plusSeconds(3600)));
    elapse(Duration.ofSeconds(LEASE + 1));
    List<PaymentIntent> again = join(payments().claimDue(10, LEASE));
    assertThat(again).as("the lease over; the other checked later").extracting(PaymentIntent::id).containsExactly(soon.id());
    assertThat(again.get(0).checks()).isEqualTo(2);
  }

  @Test
  void aReceiptSetsAsideTheHouseholdsRemindersQueuedBeforeIt() {
    HouseholdRecord.Created household = household("+22376200012", 0);
    join(outbox().queue("reminder:before", OutboxMessage.Sms.reminder("+22376200012", "before", household.id())));
    join(outbox().queue("reminder:other", OutboxMessage.Sms.reminder("+22376200013", "another household's", UUID.randomUUID())));
    elapse(Duration.ofSeconds(5));
    PaymentIntent intent = record(household, "+22376200012", quote(1), "at:s17");
    join(payments().confirm(intent.id(), "tx-17", intent.amount(), PAID_ON));
    elapse(Duration.ofSeconds(5));
    join(outbox().queue("reminder:after", OutboxMessage.Sms.reminder("+22376200012", "after", household.id())));

    List<OutboxStore.Item> claimed = join(outbox().claimDueSms(10, LEASE, false));
    assertThat(claimed).hasSize(4);
    long before = claimed.stream().filter(item -> ((OutboxMessage.Sms) item.message()).text().equals("before")).findFirst().orElseThrow().id();
    assertThat(join(outbox().cancelPaidReminders(claimed.stream().map(OutboxStore.Item::id).toList()))).containsExactly(before);
  }

  private static int sequence(String receiptNumber) {
    return Integer.parseInt(receiptNumber.substring(receiptNumber.indexOf("-R") + 2));
  }
}
