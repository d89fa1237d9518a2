package org.keneya.gateway.payments;

import org.keneya.gateway.support.OutboxBench;
import org.keneya.adapters.MovableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.adapters.session.InMemoryRateLimiter;
import org.keneya.adapters.session.RedisRateLimiter;
import org.keneya.adapters.sms.AfricasTalkingSms;
import org.keneya.config.TestConfiguration;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.sms.SmsDestinations;
import org.keneya.gateway.support.TestServers;

/**
 * The hourly SMS budget, with a clock the test moves: what is over it waits in the outbox (not failed,
 * no attempt spent) and goes out when the hour turns; several instances share one budget through Redis.
 */
class SmsBudgetTest {
  private static final KeneyaConfig CONFIG = TestConfiguration.load(Map.of());
  private static OutboxBench bench;


  @BeforeAll
  static void start() {
    bench = new OutboxBench();
  }

  @AfterAll
  static void stop() {
    bench.close();
  }

  @BeforeEach
  void emptyOutbox() {
    bench.database.query("DELETE FROM outbox RETURNING id");
    bench.sms.resetRequests();
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static OutboxWorker worker(Clock clock, RateLimiter counter, int maxPerHour, Metrics metrics) {
    // These SMS are answers, not reminders: they go at any hour the moved clock may land on.
    return new OutboxWorker(bench.outbox, new AfricasTalkingSms(bench.vertx, CONFIG.sms(), bench.sms.baseUrl()), metrics, 100, CONFIG.remindersOrDefaults(), clock,
        new SmsDestinations(CONFIG), counter, maxPerHour);
  }

  private static void queue(int count) {
    for (int i = 0; i < count; i++) join(bench.outbox.enqueueSms("budget:" + UUID.randomUUID(), "+2237300%04d".formatted(i), "MOP recu " + i));
  }

  private static long count(String where) {
    return ((Number) bench.database.query("SELECT count(*) AS n FROM outbox WHERE " + where).get(0).get("n")).longValue();
  }

  @Test
  void overTheBudgetSmsWaitInTheOutbox_withoutSpendingAttempts_andGoWhenTheHourTurns() {
    MovableClock clock = new MovableClock(Instant.now());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutboxWorker worker = worker(clock, new InMemoryRateLimiter(clock), 2, new Metrics(registry));
    queue(5);

    assertThat(join(worker.drain(100))).isEqualTo(2);
    bench.sms.verify(2, postRequestedFor(urlEqualTo("/version1/messaging")));
    assertThat(count("status = 'DONE'")).isEqualTo(2);
    assertThat(count("status = 'PENDING' AND attempts = 0 AND next_attempt_at <= now()")).as("held, as if never claimed").isEqualTo(3);
    assertThat(registry.get("keneya_sms_budget_reached").counter().count()).isEqualTo(1);
    assertThat(registry.get("keneya_sms_budget_remaining").gauge().value()).isZero();

    // Later in the same hour: nothing is sent, nothing even claimed.
    clock.advance(Duration.ofMinutes(1));
    assertThat(join(worker.drain(100))).isZero();
    bench.sms.verify(2, postRequestedFor(urlEqualTo("/version1/messaging")));
    assertThat(count("status = 'PENDING' AND attempts = 0")).isEqualTo(3);

    // The next hour: two more; the hour after: the last one.
    clock.advance(Duration.ofHours(1));
    assertThat(registry.get("keneya_sms_budget_remaining").gauge().value()).isEqualTo(2);
    assertThat(join(worker.drain(100))).isEqualTo(2);
    clock.advance(Duration.ofHours(1));
    assertThat(join(worker.drain(100))).isEqualTo(1);
    bench.sms.verify(5, postRequestedFor(urlEqualTo("/version1/messaging")));
    assertThat(count("status = 'DONE'")).isEqualTo(5);
    assertThat(count("status = 'FAILED'")).isZero();
    assertThat(registry.get("keneya_sms_budget_reached").counter().count()).as("once an hour it was reached").isEqualTo(2);
  }

  @Test
  void twoInstancesShareOneBudgetThroughRedis() {
    Redis redis = Redis.createClient(bench.vertx, TestServers.redisUrl());
    try {
      String prefix = "keneya-test:" + UUID.randomUUID() + ":";
      Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
      SimpleMeterRegistry first = new SimpleMeterRegistry();
      SimpleMeterRegistry second = new SimpleMeterRegistry();
      OutboxWorker one = worker(clock, new RedisRateLimiter(redis, prefix, clock), 3, new Metrics(first));
      OutboxWorker other = worker(clock, new RedisRateLimiter(redis, prefix, clock), 3, new Metrics(second));
      queue(8);

      int sent = join(one.sendDue(2)) + join(other.sendDue(2)) + join(one.sendDue(2)) + join(other.sendDue(2));
      assertThat(sent).isEqualTo(3);
      bench.sms.verify(3, postRequestedFor(urlEqualTo("/version1/messaging")));
      assertThat(count("status = 'PENDING' AND attempts = 0")).isEqualTo(5);
      assertThat(first.find("keneya_sms_budget_reached").counters().stream().mapToDouble(c -> c.count()).sum()
          + second.find("keneya_sms_budget_reached").counters().stream().mapToDouble(c -> c.count()).sum())
          .as("said once, by whichever instance reached it").isEqualTo(1);
    } finally {
      redis.close();
    }
  }

  @Test
  void noBudgetSendsEverything() {
    MovableClock clock = new MovableClock(Instant.now());
    queue(4);
    assertThat(join(worker(clock, new InMemoryRateLimiter(clock), 0, new Metrics(new SimpleMeterRegistry())).drain(100))).isEqualTo(4);
    bench.sms.verify(4, postRequestedFor(urlEqualTo("/version1/messaging")));
  }
}
