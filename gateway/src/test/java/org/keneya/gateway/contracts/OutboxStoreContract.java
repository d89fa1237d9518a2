package org.keneya.gateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.flows.ledger.Posting;
import org.keneya.flows.outbox.OutboxMessage;

/**
 * What every {@link OutboxStore} promises, run against each implementation: each message queued
 * once per key, claimed by one claimant at a time for the length of its lease, and never again once
 * done or given up. Each test starts with an empty outbox.
 */
abstract class OutboxStoreContract extends StoreContract {
  private static final int LEASE = 120;

  /** Claims, in the order the messages were queued (a store answers a claim in no particular order). */
  private List<OutboxStore.Item> claim(int limit, boolean quietHours) {
    return join(outbox().claimDueSms(limit, LEASE, quietHours)).stream().sorted(Comparator.comparingLong(OutboxStore.Item::id)).toList();
  }

  private static List<Long> ids(List<OutboxStore.Item> items) {
    return items.stream().map(OutboxStore.Item::id).toList();
  }

  @Test
  void aMessageIsQueuedOncePerKeyAndClaimedAsItWasQueued() {
    OutboxMessage.Sms receipt = OutboxMessage.Sms.receipt("+22376000001", "Recu MOP-R0000001", "MOP-R0000001");
    assertThat(join(outbox().queue("receipt-sms:MOP-R0000001", receipt))).isTrue();
    assertThat(join(outbox().queue("receipt-sms:MOP-R0000001", OutboxMessage.Sms.to("+22376000001", "another text")))).isFalse();
    assertThat(join(outbox().enqueueSms("payment-link:1", "+22376000002", "Payez ici"))).isTrue();
    assertThat(join(outbox().enqueueSms("payment-link:1", "+22376000002", "Payez ici"))).isFalse();

    List<OutboxStore.Item> claimed = claim(10, false);
    assertThat(claimed).extracting(OutboxStore.Item::message).containsExactly(receipt, OutboxMessage.Sms.to("+22376000002", "Payez ici"));
    assertThat(claimed).extracting(OutboxStore.Item::attempts).containsExactly(1, 1);
  }

  @Test
  void onlySmsAreClaimed_theOldestFirst_upToTheLimit() {
    join(outbox().queue("ledger:1", new OutboxMessage.LedgerEntry("mopti-cercle", 1, "receipt", "MOP-R0000001", LocalDate.of(2026, 11, 23),
        "Wallet payment", "XOF", List.of(new Posting("bank", 1730), new Posting("contributions", -1730)))));
    for (int i = 1; i <= 3; i++) join(outbox().enqueueSms("sms:" + i, "+2237600000" + i, "message " + i));

    assertThat(claim(2, false)).extracting(item -> ((OutboxMessage.Sms) item.message()).text()).containsExactly("message 1", "message 2");
    assertThat(claim(2, false)).extracting(item -> ((OutboxMessage.Sms) item.message()).text()).containsExactly("message 3");
    assertThat(claim(2, false)).isEmpty();
  }

  @Test
  void aClaimedMessageIsLeased_andDueAgainWhenItsLeaseEndsWithoutAnswer() {
    join(outbox().enqueueSms("sms:1", "+22376000001", "hello"));
    List<OutboxStore.Item> first = claim(10, false);
    assertThat(claim(10, false)).as("leased").isEmpty();
    elapse(Duration.ofSeconds(LEASE - 10));
    assertThat(claim(10, false)).as("still leased").isEmpty();
    elapse(Duration.ofSeconds(20));
    List<OutboxStore.Item> again = claim(10, false);
    assertThat(ids(again)).isEqualTo(ids(first));
    assertThat(again.get(0).attempts()).isEqualTo(2);
  }

  @Test
  void aMessageDoneOrGivenUpIsNeverClaimedAgain_andThenNeitherRetriedNorFailed() {
    join(outbox().enqueueSms("sms:1", "+22376000001", "sent"));
    join(outbox().enqueueSms("sms:2", "+22376000002", "refused"));
    List<OutboxStore.Item> claimed = claim(10, false);
    join(outbox().done(claimed.get(0).id(), "ATXid_1"));
    join(outbox().failed(claimed.get(1).id(), "destination_not_allowed"));
    join(outbox().retryLater(claimed.get(0).id(), "late answer", 0));
    join(outbox().retryLater(claimed.get(1).id(), "late answer", 0));
    join(outbox().failed(claimed.get(0).id(), "late failure"));
    join(outbox().release(ids(claimed)));
    elapse(Duration.ofSeconds(LEASE + 1));
    assertThat(claim(10, false)).isEmpty();
  }

  @Test
  void aMessageRetriedLaterIsDueAfterItsDelay_withItsAttemptsCounted() {
    join(outbox().enqueueSms("sms:1", "+22376000001", "hello"));
    long id = claim(10, false).get(0).id();
    join(outbox().retryLater(id, "timeout", 30));
    elapse(Duration.ofSeconds(20));
    assertThat(claim(10, false)).isEmpty();
    elapse(Duration.ofSeconds(15));
    assertThat(claim(10, false)).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(id);
      assertThat(item.attempts()).isEqualTo(2);
    });
  }

  @Test
  void aReleasedMessageIsDueAtOnce_itsAttemptNotCounted() {
    join(outbox().enqueueSms("sms:1", "+22376000001", "hello"));
    join(outbox().enqueueSms("sms:2", "+22376000002", "hello"));
    List<OutboxStore.Item> claimed = claim(10, false);
    join(outbox().release(List.of(claimed.get(1).id())));
    assertThat(claim(10, false)).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(claimed.get(1).id());
      assertThat(item.attempts()).isEqualTo(1);
    });
    join(outbox().release(List.of()));
  }

  @Test
  void quietMessagesWaitOutTheQuietHours() {
    UUID household = UUID.randomUUID();
    join(outbox().queue("notice:1", OutboxMessage.Sms.notice("+22376000001", "Vos droits sont suspendus")));
    join(outbox().queue("reminder:1", OutboxMessage.Sms.reminder("+22376000002", "Pensez a payer", household)));
    join(outbox().enqueueSms("receipt:1", "+22376000003", "Recu"));

    List<OutboxStore.Item> atNight = claim(10, true);
    assertThat(atNight).extracting(item -> ((OutboxMessage.Sms) item.message()).to()).containsExactly("+22376000003");
    join(outbox().done(atNight.get(0).id(), "ATXid_1"));
    Instant morning = now().plus(Duration.ofHours(8));
    assertThat(join(outbox().deferQuiet(morning.atOffset(ZoneOffset.UTC)))).isEqualTo(2);
    assertThat(join(outbox().deferQuiet(morning.atOffset(ZoneOffset.UTC)))).as("no longer due").isZero();
    assertThat(claim(10, false)).as("moved to the morning").isEmpty();
    elapse(Duration.ofHours(8).plusSeconds(1));
    List<OutboxStore.Item> due = claim(10, false);
    assertThat(due).extracting(OutboxStore.Item::message).containsExactly(
        OutboxMessage.Sms.notice("+22376000001", "Vos droits sont suspendus"), OutboxMessage.Sms.reminder("+22376000002", "Pensez a payer", household));
  }

  @Test
  void aReminderIsNotSetAsideWhileItsHouseholdHasNoNewReceipt_norIsAnyOtherMessage() {
    join(outbox().queue("reminder:1", OutboxMessage.Sms.reminder("+22376000002", "Pensez a payer", UUID.randomUUID())));
    join(outbox().enqueueSms("receipt:1", "+22376000003", "Recu"));
    List<OutboxStore.Item> claimed = claim(10, false);
    assertThat(join(outbox().cancelPaidReminders(ids(claimed)))).isEmpty();
    join(outbox().release(ids(claimed)));
    assertThat(claim(10, false)).hasSize(2);
  }

  @Test
  void claimsAtOnceNeverShareAMessage() {
    for (int i = 0; i < 30; i++) join(outbox().enqueueSms("sms:" + i, "+223760000" + String.format("%02d", i), "message " + i));
    List<io.vertx.core.Future<List<OutboxStore.Item>>> claims = new ArrayList<>();
    for (int i = 0; i < 6; i++) claims.add(outbox().claimDueSms(10, LEASE, false));
    join(io.vertx.core.Future.all(claims));
    List<Long> claimed = new ArrayList<>();
    claims.forEach(c -> claimed.addAll(ids(c.result())));
    Set<Long> distinct = new HashSet<>(claimed);
    assertThat(claimed).hasSameSizeAs(distinct);
    assertThat(distinct).hasSizeLessThanOrEqualTo(30);
    assertThat(claim(30, false)).as("what no claim took is still due").hasSize(30 - distinct.size());
  }
}
