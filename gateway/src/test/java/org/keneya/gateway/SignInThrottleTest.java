package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;

/**
 * Password guessing is throttled per login and per source address, in Redis (so across gateway
 * instances), and answered 429 with Retry-After; so are bad bearer credentials per source. Failures
 * are logged without the secret.
 */
class SignInThrottleTest {

  private static HttpResponse<String> signIn(GatewayFixture gateway, String login, String password) {
    return gateway.as(null, "POST", "/api/v1/sign-in", "application/json",
        new JsonObject().put("login", login).put("password", password).encode());
  }

  @Test
  void guessesAreThrottledPerLogin_thenPerSource_evenTheRightPassword() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      HttpResponse<String> created = gateway.admin("POST", "/api/v1/accounts", "application/json",
          new JsonObject().put("kind", "person").put("name", "Awa Diarra").put("login", "awa").put("password", "Le-bon-mot-de-passe")
              .put("grants", new JsonArray().add(new JsonObject().put("role", "administrator"))).encode());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      // Ten attempts at one login in the window (one of them right), then none, not even the right password.
      assertThat(signIn(gateway, "awa", "Le-bon-mot-de-passe").statusCode()).isEqualTo(200);
      for (int i = 2; i <= 10; i++) assertThat(signIn(gateway, "awa", "guess-number-" + i).statusCode()).as("attempt %d", i).isEqualTo(401);
      HttpResponse<String> throttled = signIn(gateway, "awa", "Le-bon-mot-de-passe");
      assertThat(throttled.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 15 * 60L + 1);
      assertThat(throttled.body()).doesNotContain("Le-bon-mot-de-passe").doesNotContain("token");

      // Other logins from the same address: thirty attempts in the window from one source, then none.
      int refused = 0;
      for (int i = 12; i <= 30; i++) refused += signIn(gateway, "someone-" + i, "guess-" + i).statusCode() == 401 ? 1 : 0;
      assertThat(refused).isEqualTo(19);
      assertThat(signIn(gateway, "someone-else", "guess").statusCode()).isEqualTo(429);
      assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'account.signed_in'")).isEqualTo(1);
    }
  }

  @Test
  void badBearerCredentialsFromOneSourceAreThrottled() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      String wrong = "keneya_0123456789abcdef." + "C".repeat(43);
      for (int i = 1; i <= 20; i++) {
        assertThat(gateway.as(wrong, "GET", "/api/v1/mutuals", null, null).statusCode()).as("attempt %d", i).isEqualTo(401);
      }
      HttpResponse<String> throttled = gateway.as("not-even-a-key", "GET", "/api/v1/mutuals", null, null);
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
      // A valid key still works: probing does not lock the address's legitimate systems out.
      assertThat(gateway.admin("GET", "/api/v1/mutuals", null, null).statusCode()).isEqualTo(200);
    }
  }
}
