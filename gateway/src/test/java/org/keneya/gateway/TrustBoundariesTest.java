package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.gateway.support.RawHttp;

/** The edges as an attacker tries them: paths the router reads otherwise, aggregators' routes, uploads, the simulator. */
class TrustBoundariesTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Each route group, and ways of writing a path to it that the router would read as another. */
  private static final List<String> GROUPS = List.of("/api/v1/rights", "/api/v1", "/ussd", "/sms", "/callbacks/momo", "/simulator", "/metrics");
  private static final List<String> FORMS = List.of("%s/../mutuals", "%s/%%2e%%2e/mutuals", "%s/%%2E%%2E/mutuals", "%s/.%%2e/mutuals",
      "%s/..%%2fmutuals", "%s/..%%2Fmutuals", "%s/%%2e/mutuals", "%s/./mutuals", "%s//mutuals", "/%s/mutuals", "%s/..", "%s/.",
      "%s/mut%%75als", "%s/..;/mutuals", "%s/..%%5cmutuals");

  @Test
  void pathsNotInNormalFormAreRefusedBeforeAnyHandlerOnEveryRouteGroup() {
    List<String> answered = new ArrayList<>();
    for (String group : GROUPS) {
      for (String form : FORMS) {
        String path = form.formatted(group);
        for (String method : List.of("GET", "POST")) {
          int status = RawHttp.status(gateway.app.port(), method, path, "Content-Type: application/json", "{}");
          if (status != 400) answered.add(method + " " + path + " -> " + status);
        }
      }
    }
    assertThat(answered).isEmpty();
  }

  @Test
  void theAdminApiCannotBeReachedThroughTheHealthCentresPrefix() {
    // The hole as found: the check read the raw path (a centre's route, no admin token), the router the normalised one.
    String body = """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Intrus","headMsisdn":"+22376999001","members":[]}""";
    for (String path : List.of("/api/v1/rights/../households", "/api/v1/rights/%2e%2e/households", "/api/v1/rights/..%2fhouseholds")) {
      assertThat(RawHttp.status(gateway.app.port(), "POST", path, "Content-Type: application/json", body)).isEqualTo(400);
      assertThat(RawHttp.status(gateway.app.port(), "GET", path.replace("households", "mutuals"), "", null)).isEqualTo(400);
    }
    assertThat(gateway.count("SELECT count(*) FROM household WHERE head_msisdn = '+22376999001'")).isZero();
    // Paths in normal form are served as before.
    assertThat(RawHttp.status(gateway.app.port(), "GET", "/health", "", null)).isEqualTo(200);
    assertThat(RawHttp.status(gateway.app.port(), "GET", "/api/v1/rights/MOP-000001", "", null)).isEqualTo(401);
  }

  @Test
  void aggregatorRoutesAnswerOnlyTheConfiguredAggregator() {
    Map<String, String> hop = Map.of("sessionId", gateway.session("stranger"), "serviceCode", "*144#", "phoneNumber", "+22376123456",
        "networkCode", "61001", "text", "");
    // No credentials, wrong secret, right secret under another peer's name: refused.
    assertThat(strangerForm("/ussd/at", hop, null).statusCode()).isEqualTo(401);
    assertThat(strangerForm("/ussd/at", hop, basic(GatewayFixture.AGGREGATOR, "not-the-secret")).statusCode()).isEqualTo(401);
    assertThat(strangerForm("/ussd/at", hop, basic("someone-else", GatewayFixture.AGGREGATOR_SECRET)).statusCode()).isEqualTo(401);
    assertThat(strangerForm("/ussd/at/not-the-secret", hop, null).statusCode()).isEqualTo(401);
    HttpResponse<String> refused = strangerForm("/ussd/at", hop, null);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(refused.body()).doesNotContain("CON").contains("unauthorized");
    // The secret in the registered URL, or as HTTP Basic: served.
    assertThat(strangerForm("/ussd/at/" + GatewayFixture.AGGREGATOR_SECRET, hop, null).body()).startsWith("CON");
    assertThat(strangerForm("/ussd/at", Map.of("sessionId", gateway.session("basic"), "serviceCode", "*144#", "phoneNumber", "+22376123456",
        "networkCode", "61001", "text", ""), GatewayFixture.aggregatorBasic()).body()).startsWith("CON");
    // Freeflow over GET carries the secret in its path too.
    String query = "?msisdn=%2B22376123456&sessionid=" + gateway.session("freeflow") + "&type=begin&input=";
    assertThat(gateway.sendAsStranger(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow" + query))).GET().build()).statusCode())
        .isEqualTo(401);
    assertThat(gateway.sendAsStranger(HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow/" + GatewayFixture.AGGREGATOR_SECRET + query)))
        .GET().build()).statusCode()).isEqualTo(200);
  }

  @Test
  void smsRoutesActOnNothingForAStranger() {
    long before = gateway.count("SELECT count(*) FROM outbox");
    Map<String, String> sms = Map.of("from", "+22376123456", "to", "36000", "text", "DROITS", "id", "forged-" + gateway.session("sms"),
        "date", "2026-12-04 10:00:00");
    assertThat(strangerForm("/sms/inbound", sms, null).statusCode()).isEqualTo(401);
    assertThat(strangerForm("/sms/dlr", Map.of("id", "ATXid_1", "status", "Failed", "phoneNumber", "+22376123456",
        "failureReason", "AbsentSubscriber"), null).statusCode()).isEqualTo(401);
    assertThat(gateway.count("SELECT count(*) FROM outbox")).isEqualTo(before);
    // The aggregator itself is answered.
    assertThat(gateway.postForm("/sms/inbound", sms).statusCode()).isEqualTo(200);
  }

  @Test
  void multipartBodiesAreRefusedAndNothingIsWrittenToDisk() throws Exception {
    Path uploads = Path.of("file-uploads");
    long filesBefore = Files.isDirectory(uploads) ? countFiles(uploads) : 0;
    String boundary = "----keneya";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"; filename=\"big.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(10_000) + "\r\n--" + boundary + "--\r\n";
    for (String path : List.of("/ussd/at", "/sms/inbound", "/sms/dlr", "/api/v1/households/import", "/callbacks/momo")) {
      HttpResponse<String> answer = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(path)))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + gateway.adminKey)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertThat(answer.statusCode()).as(path).isEqualTo(415);
    }
    long filesAfter = Files.isDirectory(uploads) ? countFiles(uploads) : 0;
    assertThat(filesAfter).isEqualTo(filesBefore);
  }

  @Test
  void theSimulatorDoesNotExistWithTheSimulatorOff() {
    for (String path : List.of("/simulator/sms/messages", "/simulator/orange/token")) {
      assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).GET().build()).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void amountsBeyondAnyCashAndYearsOutOfRangeAreRefusedNotBookedOrFailed() {
    HttpResponse<String> collector = gateway.admin("POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","name":"Oumou Sangare","msisdn":"+22376000411","pin":"4821"}""");
    assertThat(collector.statusCode()).as(collector.body()).isEqualTo(201);
    String id = new io.vertx.core.json.JsonObject(collector.body()).getString("id");
    // Once in the append-only journal, a slip of 2^63 francs would wrap every total of the trial balance for good.
    HttpResponse<String> huge = gateway.admin("POST", "/api/v1/collectors/" + id + "/remittances", "application/json", """
        {"slipReference":"S-HUGE","institution":"bank","amount":9223372036854775807,"depositedOn":"2026-12-01"}""");
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(huge.body()).contains("amount");
    assertThat(gateway.count("SELECT count(*) FROM journal_entry WHERE memo LIKE '%S-HUGE%'")).isZero();
    HttpResponse<String> ancient = gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/reports/monthly?month=-999999999-01", null, null);
    assertThat(ancient.statusCode()).isEqualTo(400);
    assertThat(ancient.body()).doesNotContain("internal");
  }

  private static long countFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> strangerForm(String path, Map<String, String> form, String authorization) {
    String body = form.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) request.header("Authorization", authorization);
    return gateway.sendAsStranger(request.build());
  }
}
