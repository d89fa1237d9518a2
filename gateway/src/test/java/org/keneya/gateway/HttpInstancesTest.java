package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;
import org.keneya.gateway.support.RawHttp;

/**
 * Several event loops serve the public port (http.instances), each with its own router: what they
 * count and remember is shared, whichever loop takes a connection.
 */
class HttpInstancesTest {

  /** One hop on a connection of its own, so that the hops are spread over the loops. */
  private static String hop(GatewayFixture gateway, String session, String phone) {
    String form = "sessionId=" + gateway.session(session) + "&serviceCode=" + URLEncoder.encode("*144#", StandardCharsets.UTF_8)
        + "&phoneNumber=" + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "&networkCode=61001&text=";
    String answer = RawHttp.exchange(gateway.app.port(), "POST", "/ussd/at",
        "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: " + GatewayFixture.aggregatorBasic(), form);
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void theLoopsShareOnePortAndOneCountOfEachNumbersHops() {
    // In memory, the rate limits are one map: were each loop to count apart, four loops would let eight hops through.
    try (GatewayFixture gateway = new GatewayFixture(Map.of("KENEYA_HTTP_INSTANCES", "4", "KENEYA_REDIS_URL", "",
        "KENEYA_USSD_RATE_LIMIT_HOPS", "3", "KENEYA_USSD_RATE_LIMIT_WINDOW_SECONDS", "60"))) {
      for (int i = 0; i < 3; i++) assertThat(hop(gateway, "loops-" + i, "+22376777777")).startsWith("CON ");
      for (int i = 3; i < 8; i++) assertThat(hop(gateway, "loops-" + i, "+22376777777")).startsWith("END ").contains("Trop de demandes");
      for (int i = 0; i < 8; i++) {
        assertThat(RawHttp.status(gateway.app.port(), "GET", "/health", "", null)).as("connection %d", i).isEqualTo(200);
      }
      assertThat(gateway.admin("GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);
    }
  }
}
