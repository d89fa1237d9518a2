package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.session.InMemorySessionStore;
import org.keneya.adapters.session.RedisSessionStore;
import org.keneya.flows.ports.SessionStore;
import org.keneya.gateway.support.TestServers;

/** A USSD session belongs to the first number that claims it, in both session stores, even when hops race. */
class SessionClaimTest {
  private static String claim(SessionStore store, String key, String owner) {
    return store.claim(key, owner, Duration.ofSeconds(180)).toCompletableFuture().join();
  }

  @Test
  void redis_theFirstClaimWins_evenAmongClaimsAtOnce() {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, TestServers.redisUrl());
      SessionStore store = new RedisSessionStore(client, "keneya-test:" + UUID.randomUUID() + ":");
      List<CompletableFuture<String>> racing = new ArrayList<>();
      for (int i = 0; i < 20; i++) racing.add(store.claim("at:race", "+2237600000" + (i % 10), Duration.ofSeconds(180)).toCompletableFuture());
      Set<String> winners = new HashSet<>();
      racing.forEach(f -> winners.add(f.join()));
      assertThat(winners).as("every claimant is told the same owner").hasSize(1);
      String owner = winners.iterator().next();
      assertThat(claim(store, "at:race", owner)).isEqualTo(owner);
      assertThat(claim(store, "at:race", "+22376999999")).isEqualTo(owner);
      assertThat(claim(store, "freeflow:race", "+22376999999")).as("another protocol, another session").isEqualTo("+22376999999");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void inMemory_theFirstClaimWinsUntilTheSessionExpires() {
    Instant[] now = {Instant.parse("2026-12-04T10:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    SessionStore store = new InMemorySessionStore(clock);
    assertThat(claim(store, "at:s1", "+22376000001")).isEqualTo("+22376000001");
    assertThat(claim(store, "at:s1", "+22376000002")).isEqualTo("+22376000001");
    now[0] = now[0].plusSeconds(170);
    assertThat(claim(store, "at:s1", "+22376000001")).as("the owner's hop keeps it").isEqualTo("+22376000001");
    now[0] = now[0].plusSeconds(170);
    assertThat(claim(store, "at:s1", "+22376000002")).as("still within the renewed time").isEqualTo("+22376000001");
    now[0] = now[0].plusSeconds(200);
    assertThat(claim(store, "at:s1", "+22376000002")).as("an expired session id may be reused").isEqualTo("+22376000002");
  }
}
