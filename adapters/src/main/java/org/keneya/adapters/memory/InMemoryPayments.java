package org.keneya.adapters.memory;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.Booking;
import org.keneya.flows.payments.Confirmation;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.rights.RightsPolicy;

/**
 * Payments in memory, booked by the same {@link Booking} plan as {@code PgPayments}: the receipt,
 * its journal entry, the persons' cover and the receipt SMS (and the entry for the mutual's external
 * ledger, when it has one) written together in the shared tables, under their lock.
 */
public final class InMemoryPayments implements PaymentStore {
  // The changes of status these make, checked against the table when the class loads, as PgPayments checks its own.
  /** A wallet's failure: a cash deposit fails only by its member's dispute. */
  private static final Set<PaymentState> FAILS_FROM = PaymentState.FAILED.from(PaymentState.INITIATING, PaymentState.PENDING, PaymentState.EXPIRED);
  private static final Set<PaymentState> EXPIRES_FROM = PaymentState.EXPIRED.from(PaymentState.INITIATING, PaymentState.PENDING);

  private final InMemoryTables tables;
  private final Messages messages;

  public InMemoryPayments(InMemoryTables tables, Messages messages) {
    this.tables = tables;
    this.messages = messages;
  }

  @Override
  public Future<PaymentIntent> createIntent(UUID householdId, List<UUID> beneficiaries, String provider, String payerMsisdn,
      ContributionQuote quote, String language, String channelRef, Instant firstCheckAt) {
    synchronized (tables) {
      Optional<InMemoryTables.Intent> repeated = tables.intents.values().stream().filter(i -> i.channelRef.equals(channelRef)).findFirst();
      if (repeated.isPresent()) return Future.succeededFuture(repeated.get().read());
      if (!tables.households.containsKey(householdId)) {
        return Future.failedFuture(new IllegalArgumentException("no household " + householdId + " with an enrolment"));
      }
      if (tables.intents.values().stream().anyMatch(i -> i.householdId.equals(householdId) && i.status.open())) {
        return Future.failedFuture(new PaymentAlreadyOpen(householdId));
      }
      InMemoryTables.Intent intent = new InMemoryTables.Intent(UUID.randomUUID(), householdId, provider, payerMsisdn, quote, language, channelRef,
          beneficiaries, tables.clock.instant(), firstCheckAt);
      tables.intents.put(intent.id, intent);
      return Future.succeededFuture(intent.read());
    }
  }

  @Override
  public Future<Optional<PaymentIntent>> find(UUID id) {
    synchronized (tables) {
      return Future.succeededFuture(Optional.ofNullable(tables.intents.get(id)).map(InMemoryTables.Intent::read));
    }
  }

  @Override
  public Future<Optional<PaymentIntent>> findByProviderReference(String provider, String providerReference) {
    synchronized (tables) {
      return Future.succeededFuture(tables.intents.values().stream()
          .filter(i -> i.provider.equals(provider) && providerReference.equals(i.providerReference))
          .findFirst().map(InMemoryTables.Intent::read));
    }
  }

  @Override
  public Future<Void> markRequested(UUID id, String providerReference) {
    synchronized (tables) {
      InMemoryTables.Intent intent = tables.intents.get(id);
      if (intent != null) {
        if (intent.status == PaymentState.INITIATING) intent.status = PaymentState.PENDING;
        if (providerReference != null) intent.providerReference = providerReference;
      }
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Void> rememberProviderReference(UUID id, String providerReference) {
    synchronized (tables) {
      InMemoryTables.Intent intent = tables.intents.get(id);
      if (intent != null && intent.providerReference == null) intent.providerReference = providerReference;
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Boolean> eventSeen(String provider, String eventId) {
    synchronized (tables) {
      return Future.succeededFuture(tables.events.containsKey(List.of(provider, eventId)));
    }
  }

  @Override
  public Future<Void> recordEvent(String provider, String eventId, UUID intentId, PaymentState outcome) {
    synchronized (tables) {
      tables.events.putIfAbsent(List.of(provider, eventId), outcome);
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Boolean> markFailed(UUID id, String reason) {
    return change(id, FAILS_FROM, PaymentState.FAILED, reason);
  }

  @Override
  public Future<Boolean> markExpired(UUID id) {
    return change(id, EXPIRES_FROM, PaymentState.EXPIRED, null);
  }

  private Future<Boolean> change(UUID id, Set<PaymentState> from, PaymentState to, String reason) {
    synchronized (tables) {
      InMemoryTables.Intent intent = tables.intents.get(id);
      if (intent == null || !from.contains(intent.status)) return Future.succeededFuture(false);
      intent.status = to;
      if (reason != null) intent.failureReason = reason;
      return Future.succeededFuture(true);
    }
  }

  @Override
  public Future<Void> scheduleCheck(UUID id, Instant at) {
    synchronized (tables) {
      InMemoryTables.Intent intent = tables.intents.get(id);
      if (intent != null) intent.nextCheckAt = at;
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<List<PaymentIntent>> claimDue(int limit, int leaseSeconds) {
    synchronized (tables) {
      Instant now = tables.clock.instant();
      List<PaymentIntent> claimed = tables.intents.values().stream()
          .filter(i -> i.status.open() && !i.nextCheckAt.isAfter(now))
          .sorted(Comparator.comparing(i -> i.nextCheckAt))
          .limit(limit)
          .map(i -> {
            i.nextCheckAt = now.plusSeconds(leaseSeconds);
            i.checks++;
            return i.read();
          })
          .toList();
      return Future.succeededFuture(claimed);
    }
  }

  @Override
  public Future<Confirmation> confirm(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn,
      Notification notification) {
    synchronized (tables) {
      Confirmation confirmation;
      try {
        confirmation = confirmWithin(intentId, providerTransactionId, confirmed, paidOn);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (notification != null) tables.events.putIfAbsent(List.of(notification.provider(), notification.eventId()), PaymentState.SUCCESSFUL);
      return Future.succeededFuture(confirmation);
    }
  }

  private Confirmation confirmWithin(UUID intentId, String providerTransactionId, Money confirmed, LocalDate paidOn) {
    InMemoryTables.Intent intent = tables.intents.get(intentId);
    if (intent == null) return new Confirmation.UnknownPayment();
    if (intent.status.booked()) {
      return new Confirmation.AlreadyBooked(tables.receipts.stream().filter(r -> r.intentId().equals(intentId)).findFirst()
          .map(r -> r.receipt().receiptNumber()).orElse(null));
    }
    Money asked = intent.quote.memberPaysMoney();
    if (!asked.equals(confirmed)) {
      String reason = "confirmed " + confirmed + " but " + asked + " was asked";
      checkChange(intent, PaymentState.REVIEW);
      intent.status = PaymentState.REVIEW;
      intent.failureReason = reason;
      intent.providerTransactionId = providerTransactionId;
      return new Confirmation.HeldForReview(reason);
    }
    checkChange(intent, PaymentState.SUCCESSFUL);
    return book(intent, providerTransactionId, paidOn);
  }

  private static void checkChange(InMemoryTables.Intent intent, PaymentState to) {
    PaymentState.Transition transition = intent.status.to(to);
    if (!transition.allowed()) throw new PaymentState.IllegalTransition(transition);
  }

  /** Plans the booking as {@code PgPayments} does, then writes it: nothing is written unless all of it can be. */
  private Confirmation book(InMemoryTables.Intent intent, String providerTransactionId, LocalDate paidOn) {
    InMemoryTables.Household household = tables.households.get(intent.householdId);
    MutualConfig mutual = tables.config.mutual(household.mutualId)
        .orElseThrow(() -> new IllegalStateException("mutual " + household.mutualId + " is no longer configured"));
    ProductConfig product = tables.config.product(household.productId)
        .orElseThrow(() -> new IllegalStateException("product " + household.productId + " is no longer configured"));
    List<InMemoryTables.Member> paidFor = household.members.stream()
        .filter(m -> intent.beneficiaries == null || intent.beneficiaries.contains(m.id()))
        .toList();
    if (paidFor.isEmpty()) throw new IllegalStateException("payment " + intent.id + " covers nobody");
    List<Booking.Person> people = new ArrayList<>();
    for (InMemoryTables.Member member : paidFor) {
      people.add(new Booking.Person(member.id(),
          member.periods().stream().map(RightsPolicy.PaidPeriod::paidOn).min(Comparator.naturalOrder()).orElse(null),
          member.periods().stream().map(RightsPolicy.PaidPeriod::until).max(Comparator.naturalOrder()).orElse(null), member.periods()));
    }
    Booking plan = Booking.plan(new Booking.Intent(UUID.randomUUID(), mutual.id(), mutual.code(), household.memberNumber, intent.quote,
        intent.provider, paidOn, intent.language, intent.payerMsisdn, "Wallet payment " + intent.id), people, product, mutual.guaranteeFund());

    long sequence = tables.nextNumber(mutual.id(), "receipt");
    String receiptNumber = mutual.code() + "-R" + (sequence < 10_000_000 ? String.format("%07d", sequence) : Long.toString(sequence));
    String smsKey = Booking.receiptSmsKey(receiptNumber);
    if (tables.outbox.values().stream().anyMatch(r -> r.dedupKey.equals(smsKey))) {
      throw new IllegalStateException("the receipt SMS of " + receiptNumber + " is already queued");
    }

    for (Booking.Cover cover : plan.covers()) {
      paidFor.stream().filter(m -> m.id().equals(cover.memberId())).findFirst().orElseThrow().periods()
          .add(new RightsPolicy.PaidPeriod(cover.paidOn(), cover.from(), cover.until()));
    }
    JournalEntry entry = plan.journalEntry();
    tables.journal.add(entry);
    long entryId = tables.journal.size();
    intent.status = PaymentState.SUCCESSFUL;
    intent.providerTransactionId = providerTransactionId;
    Booking.Receipt receipt = plan.receipt();
    tables.receipts.add(new InMemoryTables.Receipt(household.id, intent.id, sequence, receipt.adhesionFees(), false,
        new HouseholdRecord.Receipt(plan.intent().receiptId(), receiptNumber, receipt.channel(), receipt.amount().amount(), receipt.contribution(),
            receipt.memberShare(), receipt.adhesionFee(), receipt.amount().currency(), receipt.paidOn(), receipt.coveredFrom(),
            receipt.coveredUntil(), tables.clock.instant())));
    InMemoryOutbox.queueWithin(tables, smsKey, plan.receiptSms(messages, receiptNumber));
    if (mutual.externalLedger() != null) {
      InMemoryOutbox.queueWithin(tables, "ledger:" + entryId, new OutboxMessage.LedgerEntry(mutual.id(), entryId, entry.kind().code(),
          receiptNumber, paidOn, entry.memo(), entry.currency(), entry.postings()));
    }
    return new Confirmation.Booked(receiptNumber, receipt.amount().amount());
  }
}
