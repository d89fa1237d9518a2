package org.keneya.gateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.TestConfiguration;
import org.keneya.gateway.KeneyaApp;
import org.keneya.gateway.accounts.Bootstrap;

/**
 * A running gateway for tests: its own fresh database on the test PostgreSQL, the test Redis, and
 * WireMock standing in for the MoMo and SMS APIs. Helpers speak HTTP to it as its peers would.
 */
public final class GatewayFixture implements AutoCloseable {
  /** The test aggregator's id and secret: every USSD and SMS route answers only it (see {@link #send}). */
  public static final String AGGREGATOR = "demo-aggregator";
  public static final String AGGREGATOR_SECRET = "test-aggregator-secret-0123456789";

  public final WireMockServer momo = new WireMockServer(options().dynamicPort());
  public final WireMockServer sms = new WireMockServer(options().dynamicPort());
  public final String pgUrl;
  public final KeneyaConfig config;
  public final KeneyaApp app;
  /** An administrator's API key, created as the bootstrap command creates one, right after start. */
  public final String adminKey;
  /** Scopes session ids to this fixture: Redis outlives a test run, and sessions live 180 s. */
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public GatewayFixture() {
    this(Map.of());
  }

  /** @param overrides extra KENEYA_* settings on top of the tests' configuration */
  public GatewayFixture(Map<String, String> overrides) {
    this(null, overrides);
  }

  /**
   * @param walletsYaml the {@code wallets:} section to run with instead of the tests' configuration's; null:
   *     one MoMo-style wallet serving every number, at {@link #momo}
   * @param overrides extra KENEYA_* settings on top of the tests' configuration
   */
  public GatewayFixture(String walletsYaml, Map<String, String> overrides) {
    momo.start();
    sms.start();
    // A test that prepared its own database (roles, owner) names it; the others get a fresh one.
    pgUrl = overrides.containsKey("KENEYA_PG_URL") ? overrides.get("KENEYA_PG_URL") : TestServers.freshDatabase();
    Map<String, String> env = new HashMap<>();
    env.put("KENEYA_HTTP_PORT", "0");
    env.put("KENEYA_PG_URL", pgUrl);
    env.put("KENEYA_REDIS_URL", TestServers.redisUrl());
    // Redis outlives test runs: each run keeps its sessions, unfinished payments and counts apart.
    env.put("KENEYA_REDIS_KEY_PREFIX", "keneya-test:" + run + ":");
    env.put("KENEYA_USSD_RATE_LIMIT_HOPS", "10000");
    env.put("KENEYA_PEERS_AGGREGATORS_0_SECRET", AGGREGATOR_SECRET);
    env.put("KENEYA_SIMULATOR_ENABLED", "false");
    env.put("KENEYA_SMS_BASE_URL", sms.baseUrl());
    env.put("KENEYA_PAYMENTS_POLL_AFTER_SECONDS", "600");
    // No quiet hours (from 07:00 to 07:00): a test run at night must see what one by day does; QuietHoursTest covers them.
    env.put("KENEYA_REMINDERS_QUIET_FROM", "07:00");
    env.putAll(overrides);
    config = ConfigLoader.parse(withWallets(walletsYaml != null ? walletsYaml : momoWallet(momo.baseUrl())), "test configuration", env);
    app = KeneyaApp.start(config, pgUrl, Clock.system(ZoneId.of("Africa/Bamako"))).toCompletionStage().toCompletableFuture().join();
    adminKey = Bootstrap.createAdministrator(app.pool(), "Test Administrator", "test fixture")
        .toCompletionStage().toCompletableFuture().join().apiKey();
  }

  /** The tests' configuration with its wallets section replaced. */
  private static String withWallets(String walletsYaml) {
    String configuration = TestConfiguration.text();
    int start = configuration.indexOf("\nwallets:\n");
    int end = configuration.indexOf("\npayments:\n");
    return configuration.substring(0, start + 1) + walletsYaml.strip() + "\n" + configuration.substring(end);
  }

  /** One MoMo-style wallet at {@code baseUrl} serving every number, calling back to http://gateway.example. */
  public static String momoWallet(String baseUrl) {
    return """
        wallets:
          - id: momo
            name: "Mobile Money"
            api: MOMO
            prefixes: []
            networkCodes: []
            baseUrl: "%s"
            callbackBaseUrl: "http://gateway.example"
            timeoutMillis: 1500
            resilience: { failureRatePercent: 50, windowCalls: 20, openSeconds: 30, maxConcurrentCalls: 20, retries: 1, retryBackoffMillis: 50 }
            momo: { apiUser: "demo-api-user", apiKey: "demo-api-key", subscriptionKey: "demo-subscription-key", targetEnvironment: "sandbox" }
        """.formatted(baseUrl);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  /** The aggregator session id a test's {@code name} stands for in this fixture. */
  public String session(String name) {
    return name + "-" + run;
  }

  /** One Africa's Talking hop from network 61001 (configured GSM7). */
  public HttpResponse<String> ussd(String sessionName, String phoneNumber, String text) {
    return ussd(sessionName, phoneNumber, text, "61001");
  }

  public HttpResponse<String> ussd(String sessionName, String phoneNumber, String text, String networkCode) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("sessionId", session(sessionName));
    form.put("serviceCode", "*144#");
    form.put("phoneNumber", phoneNumber);
    form.put("networkCode", networkCode);
    form.put("text", text);
    return postForm("/ussd/at", form);
  }

  public HttpResponse<String> postForm(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** The administrators' API, on the management port when one is configured. */
  public String managementUrl(String path) {
    return "http://127.0.0.1:" + app.managementPort() + path;
  }

  public HttpResponse<String> admin(String method, String path, String contentType, String body) {
    return as(adminKey, method, path, contentType, body);
  }

  /**
   * A new system account with {@code grantsJson} (e.g. {@code [{"role":"accountant","mutual":"mopti-cercle"}]}),
   * created by the fixture's administrator; answers its API key.
   */
  public String systemKey(String name, String grantsJson) {
    HttpResponse<String> created = admin("POST", "/api/v1/accounts", "application/json",
        "{\"kind\":\"system\",\"name\":\"" + name + "\",\"grants\":" + grantsJson + "}");
    if (created.statusCode() != 201) throw new IllegalStateException("account not created: " + created.body());
    return new io.vertx.core.json.JsonObject(created.body()).getString("apiKey");
  }

  /** A request with {@code credential} as bearer (null: none). */
  public HttpResponse<String> as(String credential, String method, String path, String contentType, String body) {
    // Health centres' checks are on the public port; the rest of /api/v1 on the management port when there is one.
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("/api/v1/rights/") ? url(path) : managementUrl(path)));
    if (credential != null) request.header("Authorization", "Bearer " + credential);
    if (contentType != null) request.header("Content-Type", contentType);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(request.build());
  }

  /**
   * Sends {@code request} as the peers would: a USSD or SMS route gets the test aggregator's HTTP
   * Basic credentials unless the request carries its own. {@link #sendAsStranger} sends it as it is.
   */
  public HttpResponse<String> send(HttpRequest request) {
    String path = request.uri().getRawPath();
    if ((path.startsWith("/ussd/") || path.startsWith("/sms/")) && request.headers().firstValue("Authorization").isEmpty()) {
      request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", aggregatorBasic()).build();
    }
    return sendAsStranger(request);
  }

  /** The test aggregator's {@code Authorization} header value. */
  public static String aggregatorBasic() {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((AGGREGATOR + ":" + AGGREGATOR_SECRET).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code request} exactly as built: no credentials are added. */
  public HttpResponse<String> sendAsStranger(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of a query on the gateway's database, each as column → value. */
  public List<Map<String, Object>> sql(String query) {
    return database().query(query);
  }

  /** The gateway's database, for a test that holds its own connection (a lock, an open transaction). */
  public PgDatabase database() {
    return new PgDatabase(pgUrl);
  }


  /**
   * Every record this gateway keeps in the session store (Redis) under its USSD prefix, by key
   * without that prefix: the sessions as stored, where what a session must never hold is looked for.
   */
  public Map<String, String> storedSessions() {
    String prefix = config.redis().prefix() + "ussd:";
    io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(app.vertx(), TestServers.redisUrl());
    io.vertx.redis.client.RedisAPI redis = io.vertx.redis.client.RedisAPI.api(client);
    try {
      Map<String, String> stored = new java.util.TreeMap<>();
      for (var key : redis.keys(prefix + "*").toCompletionStage().toCompletableFuture().join()) {
        var value = redis.get(key.toString()).toCompletionStage().toCompletableFuture().join();
        if (value != null) stored.put(key.toString().substring(prefix.length()), value.toString());
      }
      return stored;
    } finally {
      client.close();
    }
  }

  public long count(String query) {
    return ((Number) sql(query).get(0).values().iterator().next()).longValue();
  }

  /**
   * Waits until {@code condition} holds, for at most {@code seconds}: for what the running gateway does on its own
   * threads and timers (a wallet call after the USSD answer, an outbox round, a status check), which no clock can
   * hurry. Rules of time (windows, expiries, backoffs) are tested apart on a clock the test moves.
   */
  public static void eventually(int seconds, Runnable condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (true) {
      try {
        condition.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    app.close().toCompletionStage().toCompletableFuture().join();
    momo.stop();
    sms.stop();
  }
}
