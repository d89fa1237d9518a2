package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.TestConfiguration;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.gateway.support.TestServers;
import picocli.CommandLine;

class StartupTest {

  /** Runs the jar's main command on {@code file}, its standard error into {@code err}; answers the exit code. */
  private static int start(Path file, ByteArrayOutputStream err) {
    PrintStream original = System.err;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      return new CommandLine(new Main()).execute("--config", file.toString());
    } finally {
      System.setErr(original);
    }
  }

  /** The demo itself, as shipped: a gateway started on it (its simulated wallets and SMS) answers a caller. */
  @Test
  void theShippedDemoStartsAndAnswersACaller() throws Exception {
    String pgUrl = TestServers.freshDatabase();
    KeneyaConfig demo = ConfigLoader.load(null, Map.of("KENEYA_HTTP_PORT", "0", "KENEYA_PG_URL", pgUrl));
    KeneyaApp app = KeneyaApp.start(demo, pgUrl, Clock.system(demo.remindersOrDefaults().zone())).toCompletionStage().toCompletableFuture().join();
    try {
      String secret = demo.peers().aggregators().get(0).secret();
      HttpResponse<String> menu = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/ussd/at/" + secret))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("sessionId=demo-1&serviceCode=*144%23&phoneNumber=%2B22376000001&networkCode=61001&text="))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(menu.statusCode()).isEqualTo(200);
      assertThat(menu.body()).startsWith("CON ");
    } finally {
      app.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void badConfigurationStopsStartUpWithTheFileTheKeyAndANonZeroExit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keneya.yml");
    Files.writeString(file, TestConfiguration.text().replace("memberPercent: 20", "memberPercent: 25"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = start(file, err);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo(2);
    assertThat(message).contains(file.toString(), "products[0] (mopti-annual).cofinancing: shares sum to 105%")
        .doesNotContain("Exception", "\tat ");
  }

  /** The demo again: its secrets are refused the moment its simulator is off. */
  @Test
  void productionRefusesToStartOnDemoSecretsWithOneLinePerKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keneya.yml");
    // Nothing else changed: the shipped demo with the simulator off is what a hurried deployment would run.
    Files.writeString(file, ConfigLoader.shippedText().replace("enabled: true", "enabled: false"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = start(file, err);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo(2);
    assertThat(message).contains("keneya: sms.apiKey: still the shipped demo value",
        "keneya: wallets[2].wave.webhookSecret: still the shipped demo value",
        "keneya: peers.aggregators[0].secret: still the shipped demo value", "keneya: not started")
        .doesNotContain("Exception", "\tat ");
    // The secrets themselves are never printed.
    assertThat(message).doesNotContain("demo-sms-api-key", "demo-wave-webhook-secret", "demo-aggregator-secret-change-me");
  }

  @Test
  void withRedisUnreachableTheMenuAsksToRetryAndStartsNoPayment() {
    try (GatewayFixture gateway = new GatewayFixture(Map.of("KENEYA_REDIS_URL", "redis://127.0.0.1:" + TestServers.freePort()))) {
      gateway.momo.stubFor(post("/collection/v1_0/requesttopay").willReturn(aResponse().withStatus(202)));
      var answer = gateway.ussd("at-no-redis", "+22376444444", "");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).startsWith("END ").contains("indisponible");
      gateway.momo.verify(0, postRequestedFor(urlEqualTo("/collection/v1_0/requesttopay")));
    }
  }

  @Test
  void withoutRedisSessionsLiveInMemory() {
    try (GatewayFixture gateway = new GatewayFixture(Map.of("KENEYA_REDIS_URL", ""))) {
      assertThat(gateway.ussd("at-memory", "+22376555555", "").body()).startsWith("CON ");
      assertThat(gateway.ussd("at-memory", "+22376555555", "1").body()).startsWith("END ").contains("aucun foyer");
    }
  }
}
