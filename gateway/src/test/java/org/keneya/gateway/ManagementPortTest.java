package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;

/** With http.managementPort set, metrics and the administrators' API are not on the port the world reaches. */
class ManagementPortTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    gateway = new GatewayFixture(Map.of("KENEYA_HTTP_MANAGEMENT_PORT", Integer.toString(free)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private int publicStatus(String path) {
    return gateway.sendAsStranger(HttpRequest.newBuilder(URI.create(gateway.url(path))).GET().build()).statusCode();
  }

  private int managementStatus(String path) {
    return gateway.sendAsStranger(HttpRequest.newBuilder(URI.create(gateway.managementUrl(path))).GET().build()).statusCode();
  }

  @Test
  void metricsAndTheAdminApiAnswerOnlyOnTheManagementPort() {
    assertThat(gateway.app.managementPort()).isNotEqualTo(gateway.app.port());
    assertThat(publicStatus("/metrics")).isEqualTo(404);
    assertThat(publicStatus("/api/v1/mutuals")).isEqualTo(404);
    assertThat(managementStatus("/metrics")).isEqualTo(200);
    assertThat(managementStatus("/api/v1/mutuals")).isEqualTo(401);
    assertThat(gateway.admin("GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);
    // Health centres and aggregators reach the public port, not the management one.
    assertThat(publicStatus("/api/v1/rights/MOP-000001")).isEqualTo(401);
    assertThat(managementStatus("/ussd/at")).isEqualTo(404);
    assertThat(publicStatus("/health")).isEqualTo(200);
    assertThat(managementStatus("/health")).isEqualTo(200);
    // The edge checks hold on the management port too.
    assertThat(org.keneya.gateway.support.RawHttp.status(gateway.app.managementPort(), "GET", "/api/v1/rights/../mutuals", "", null)).isEqualTo(400);
  }
}
