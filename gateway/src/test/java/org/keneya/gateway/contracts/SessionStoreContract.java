package org.keneya.gateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdSession;

/**
 * What every {@link SessionStore} promises, run against each implementation: sessions kept until
 * their TTL, and a session bound to the first number that claims it, even when claims race.
 */
abstract class SessionStoreContract {
  private static final Duration TTL = Duration.ofSeconds(180);

  /** A store of its own for each test: no key of one test is seen by another. */
  protected abstract SessionStore store();

  /** Lets {@code time} pass for what the store keeps, as its own clock counts it. */
  protected abstract void elapse(Duration time);

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static UssdSession session(String id, String text) {
    MenuState state = new MenuState(MenuState.Step.PAY_CONFIRM, "bm", 2, 3, List.of("MOP-000001-01", "MOP-000001-02"), 1,
        MenuState.Step.PAY_WHO);
    return new UssdSession(id, "+22376000001", state, text, "CON Confirm?", false);
  }

  @Test
  void aSavedSessionIsLoadedAsItWasSaved() {
    SessionStore store = store();
    UssdSession saved = session("at:s1", "1*2");
    join(store.save(saved, TTL));
    assertThat(join(store.load("at:s1"))).contains(saved);
    assertThat(join(store.load("at:s2"))).as("never saved").isEmpty();
  }

  @Test
  void aSecondSaveReplacesTheFirstAndDeleteForgetsIt() {
    SessionStore store = store();
    join(store.save(session("at:s1", "1"), TTL));
    UssdSession later = session("at:s1", "1*2");
    join(store.save(later, TTL));
    assertThat(join(store.load("at:s1"))).contains(later);
    join(store.delete("at:s1"));
    assertThat(join(store.load("at:s1"))).isEmpty();
    join(store.delete("at:never"));
  }

  @Test
  void aSessionIsKeptForItsTtlOnly() {
    SessionStore store = store();
    join(store.save(session("at:short", ""), Duration.ofSeconds(60)));
    join(store.save(session("at:long", ""), TTL));
    elapse(Duration.ofSeconds(50));
    assertThat(join(store.load("at:short"))).isPresent();
    elapse(Duration.ofSeconds(20));
    assertThat(join(store.load("at:short"))).as("past its 60 s").isEmpty();
    assertThat(join(store.load("at:long"))).as("within its 180 s").isPresent();
  }

  @Test
  void theFirstClaimWinsUntilItExpires_andTheOwnersClaimsKeepItAlive() {
    SessionStore store = store();
    assertThat(join(store.claim("at:s1", "+22376000001", TTL))).isEqualTo("+22376000001");
    assertThat(join(store.claim("at:s1", "+22376000002", TTL))).isEqualTo("+22376000001");
    assertThat(join(store.claim("freeflow:s1", "+22376000002", TTL))).as("another key, another session").isEqualTo("+22376000002");
    elapse(Duration.ofSeconds(170));
    assertThat(join(store.claim("at:s1", "+22376000001", TTL))).as("the owner's hop keeps it").isEqualTo("+22376000001");
    elapse(Duration.ofSeconds(170));
    assertThat(join(store.claim("at:s1", "+22376000002", TTL))).as("still within the renewed time").isEqualTo("+22376000001");
    elapse(Duration.ofSeconds(200));
    assertThat(join(store.claim("at:s1", "+22376000002", TTL))).as("an expired session id may be reused").isEqualTo("+22376000002");
  }

  @Test
  void claimsAtOnceFromManyThreadsHaveOneWinner() throws Exception {
    SessionStore store = store();
    int claimants = 16;
    ExecutorService threads = Executors.newFixedThreadPool(claimants);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<String>>> racing = new ArrayList<>();
      for (int i = 0; i < claimants; i++) {
        String owner = "+223760000" + String.format("%02d", i);
        racing.add(threads.submit(() -> {
          start.await();
          return store.claim("at:race", owner, TTL).toCompletableFuture();
        }));
      }
      start.countDown();
      Set<String> told = new HashSet<>();
      for (Future<CompletableFuture<String>> claim : racing) told.add(claim.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
      assertThat(told).as("every claimant is told the same owner").hasSize(1);
      String owner = told.iterator().next();
      assertThat(join(store.claim("at:race", "+22376999999", TTL))).isEqualTo(owner);
      assertThat(join(store.load("at:race"))).as("a claim is not a session").isEqualTo(Optional.empty());
    } finally {
      threads.shutdownNow();
    }
  }
}
