package org.keneya.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.TestConfiguration;
import org.keneya.gateway.Metrics;

/** Source ranges and X-Forwarded-For as a stranger would try them, on a router with only a guarded route. */
class PeerGuardTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** A server whose only route is a guarded /ussd/at answering which peer it let through. */
  private int serve(String trustedProxies, String secret, String allowFrom) {
    String yaml = TestConfiguration.text()
        .replaceFirst("trustedProxies: \\[[^\\]]*\\]", "trustedProxies: " + trustedProxies)
        .replaceFirst("allowFrom: \\[\\]", "allowFrom: " + allowFrom);
    KeneyaConfig config = ConfigLoader.parse(yaml, "test", Map.of("KENEYA_PEERS_AGGREGATORS_0_SECRET", secret));
    Metrics metrics = new Metrics(registry);
    PeerGuard guard = new PeerGuard(config, metrics);
    Router router = Router.router(vertx);
    guard.routes(router, "ussd", HttpMethod.POST, "/ussd/at").forEach(r -> r.handler(ctx -> ctx.response().end("let through: " + ctx.get("peer"))));
    HttpServer server = vertx.createHttpServer().requestHandler(new EdgeFilter(router, metrics, guard.sources(), new RefusalLog())).listen(0)
        .toCompletionStage().toCompletableFuture().join();
    return server.actualPort();
  }

  private int post(int port, String path, String forwardedFor, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(""));
    if (forwardedFor != null) request.header("X-Forwarded-For", forwardedFor);
    if (authorization != null) request.header("Authorization", authorization);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 200) assertThat(response.body()).isEqualTo("let through: demo-aggregator");
    return response.statusCode();
  }

  @Test
  void anAddressListAloneLetsInOnlyItsRangesAndAForgedHeaderChangesNothing() throws Exception {
    int port = serve("[]", "", "[\"10.0.0.0/8\"]");
    assertThat(post(port, "/ussd/at", null, null)).isEqualTo(401);
    // Nobody vouches for this header: the connection comes from 127.0.0.1, not from a proxy of ours.
    assertThat(post(port, "/ussd/at", "10.1.2.3", null)).isEqualTo(401);
    assertThat(registry.counter("keneya_edge_refusals", "where", "ussd", "reason", "no_credentials").count()).isEqualTo(2);
  }

  @Test
  void behindATrustedProxyTheAddressItSawCounts() throws Exception {
    int port = serve("[\"127.0.0.1/32\"]", "", "[\"10.0.0.0/8\"]");
    assertThat(post(port, "/ussd/at", "10.1.2.3", null)).isEqualTo(200);
    // The caller wrote 10.1.2.3 itself; our proxy appended where it really came from.
    assertThat(post(port, "/ussd/at", "10.1.2.3, 8.8.8.8", null)).isEqualTo(401);
    assertThat(post(port, "/ussd/at", "8.8.8.8, 10.1.2.3", null)).isEqualTo(200);
    assertThat(post(port, "/ussd/at", "not-an-address", null)).isEqualTo(401);
    // The proxy's own address is not the aggregator's.
    assertThat(post(port, "/ussd/at", null, null)).isEqualTo(401);
  }

  @Test
  void withASecretAndAnAddressListBothMustHold() throws Exception {
    String secret = "guard-test-secret-0123456789";
    int port = serve("[\"127.0.0.1/32\"]", secret, "[\"10.0.0.0/8\"]");
    String basic = "Basic " + Base64.getEncoder().encodeToString(("demo-aggregator:" + secret).getBytes(StandardCharsets.UTF_8));
    assertThat(post(port, "/ussd/at", "10.1.2.3", basic)).isEqualTo(200);
    assertThat(post(port, "/ussd/at/" + secret, "10.1.2.3", null)).isEqualTo(200);
    assertThat(post(port, "/ussd/at", "8.8.8.8", basic)).isEqualTo(401);
    assertThat(post(port, "/ussd/at", "10.1.2.3", null)).isEqualTo(401);
    assertThat(registry.counter("keneya_edge_refusals", "where", "ussd", "reason", "address_not_allowed").count()).isEqualTo(1);
    assertThat(registry.counter("keneya_edge_refusals", "where", "ussd", "reason", "no_credentials").count()).isEqualTo(1);
  }
}
