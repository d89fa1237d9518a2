package org.keneya.adapters.memory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.payments.PaymentIntent;
import org.keneya.flows.payments.PaymentState;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.rights.RightsPolicy;

/**
 * The rows the in-memory stores share, as the PostgreSQL stores share one database. Every read and
 * change holds this object's lock for its whole length, as a transaction would: concurrent callers
 * see each change whole or not at all.
 */
public final class InMemoryTables {
  final KeneyaConfig config;
  final Clock clock;
  final Map<UUID, Household> households = new LinkedHashMap<>();
  /** Payment intents in the order they were recorded. */
  final Map<UUID, Intent> intents = new LinkedHashMap<>();
  /** The notifications acted on, by provider and event id, with what they brought. */
  final Map<List<String>, PaymentState> events = new HashMap<>();
  /** The journal, in the order entries were written: an entry's id is its place in it, from 1. */
  final List<JournalEntry> journal = new ArrayList<>();
  /** Receipts in the order they were made. */
  final List<Receipt> receipts = new ArrayList<>();
  /** The outbox by id, in the order messages were queued. */
  final Map<Long, OutboxRow> outbox = new LinkedHashMap<>();
  private long lastOutboxId;
  /** The last number given per mutual and kind ("household", "receipt"): gapless, as the database's counters. */
  private final Map<String, Long> counters = new HashMap<>();

  /** @param config the mutuals (their codes number households and receipts) and products */
  public InMemoryTables(KeneyaConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  long nextNumber(String mutualId, String kind) {
    return counters.merge(mutualId + "/" + kind, 1L, Long::sum);
  }

  long nextOutboxId() {
    return ++lastOutboxId;
  }

  String mutualCode(String mutualId) {
    return config.mutual(mutualId).orElseThrow(() -> new IllegalArgumentException("no mutual " + mutualId)).code();
  }

  static final class Household {
    final UUID id;
    final String mutualId;
    final String sectionId;
    final String memberNumber;
    final String headMsisdn;
    final Instant createdAt;
    final UUID enrolmentId;
    final String productId;
    final String guaranteeLevel;
    final LocalDate startedOn;
    final List<Member> members = new ArrayList<>();
    String language;

    Household(UUID id, String mutualId, String sectionId, String memberNumber, String headMsisdn, String language, Instant createdAt,
        String productId, String guaranteeLevel, LocalDate startedOn) {
      this.id = id;
      this.mutualId = mutualId;
      this.sectionId = sectionId;
      this.memberNumber = memberNumber;
      this.headMsisdn = headMsisdn;
      this.language = language;
      this.createdAt = createdAt;
      this.enrolmentId = UUID.randomUUID();
      this.productId = productId;
      this.guaranteeLevel = guaranteeLevel;
      this.startedOn = startedOn;
    }
  }

  static final class Intent {
    final UUID id;
    final UUID householdId;
    final String provider;
    final String payerMsisdn;
    final ContributionQuote quote;
    final String language;
    final String channelRef;
    /** The persons paid for; null: the whole household as it stands when the payment is booked. */
    final List<UUID> beneficiaries;
    final Instant createdAt;
    PaymentState status = PaymentState.INITIATING;
    String providerReference;
    String providerTransactionId;
    String failureReason;
    Instant nextCheckAt;
    int checks;

    Intent(UUID id, UUID householdId, String provider, String payerMsisdn, ContributionQuote quote, String language, String channelRef,
        List<UUID> beneficiaries, Instant createdAt, Instant nextCheckAt) {
      this.id = id;
      this.householdId = householdId;
      this.provider = provider;
      this.payerMsisdn = payerMsisdn;
      this.quote = quote;
      this.language = language;
      this.channelRef = channelRef;
      this.beneficiaries = beneficiaries == null ? null : List.copyOf(beneficiaries);
      this.createdAt = createdAt;
      this.nextCheckAt = nextCheckAt;
    }

    PaymentIntent read() {
      return new PaymentIntent(id, householdId, provider, providerReference, payerMsisdn, quote.memberPaysMoney(), quote, language, status, checks,
          createdAt);
    }
  }

  /** A receipt as a household's reads need it; {@code adhesionFees} counts the fees it paid (a fee per 15 persons). */
  record Receipt(UUID householdId, UUID intentId, long sequence, long adhesionFees, boolean reversed, HouseholdRecord.Receipt receipt) {}

  static final class OutboxRow {
    final long id;
    final String dedupKey;
    final OutboxMessage message;
    final Instant createdAt;
    Instant nextAttemptAt;
    int attempts;
    String status = "PENDING";
    String result;
    String lastError;

    OutboxRow(long id, String dedupKey, OutboxMessage message, Instant createdAt) {
      this.id = id;
      this.dedupKey = dedupKey;
      this.message = message;
      this.createdAt = createdAt;
      this.nextAttemptAt = createdAt;
    }

    boolean pending() {
      return status.equals("PENDING");
    }
  }

  /** A person of a household, and what each receipt that named them covered. */
  record Member(UUID id, String memberNumber, String name, Integer birthYear, String role, List<RightsPolicy.PaidPeriod> periods) {}
}
