package org.keneya.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionChecksTest {
  /** The demo itself: what it ships as secrets must each be named before production starts on it. */
  @Test
  void theShippedDemoSecretsAreEachNamed() {
    List<String> problems = ProductionChecks.problems(ConfigLoader.load(null, Map.of("KENEYA_SIMULATOR_ENABLED", "false")));
    assertThat(problems).anyMatch(p -> p.startsWith("sms.apiKey: still the shipped demo value") && p.contains("KENEYA_SMS_API_KEY"));
    assertThat(problems).anyMatch(p -> p.startsWith("wallets[0].orangeMoney.clientSecret: still the shipped demo value")
        && p.contains("KENEYA_WALLETS_0_ORANGE_MONEY_CLIENT_SECRET"));
    assertThat(problems).anyMatch(p -> p.startsWith("wallets[0].orangeMoney.pin: still the shipped demo value"));
    assertThat(problems).anyMatch(p -> p.startsWith("wallets[2].wave.webhookSecret: still the shipped demo value"));
    assertThat(problems).anyMatch(p -> p.startsWith("peers.aggregators[0].secret: still the shipped demo value"));
    // One line per key: nothing named twice.
    assertThat(problems).doesNotHaveDuplicates();
  }

  @Test
  void aShortSecretIsRefusedEvenWhenItIsNoDemoValue() {
    Map<String, String> env = new HashMap<>(Map.of("KENEYA_SMS_API_KEY", "abc123"));
    List<String> problems = ProductionChecks.problems(TestConfiguration.load(env));
    assertThat(problems).contains("sms.apiKey: too short to be random (6 characters, at least 16)");
  }

  @Test
  void anAggregatorRouteWithNeitherSecretNorAddressesIsRefused() {
    Map<String, String> env = new HashMap<>(Map.of("KENEYA_PEERS_AGGREGATORS_0_SECRET", ""));
    List<String> problems = ProductionChecks.problems(TestConfiguration.load(env));
    assertThat(problems).contains(
        "peers.aggregators (demo-aggregator): calls the ussd routes with neither a secret nor allowFrom: anyone could",
        "peers.aggregators (demo-aggregator): calls the sms routes with neither a secret nor allowFrom: anyone could");
  }

  @Test
  void realSecretsPass() {
    Map<String, String> env = new HashMap<>();
    String random = "k8Jq2vX0pLr5Nw3Zt7Ya";
    for (String key : List.of("KENEYA_SMS_API_KEY", "KENEYA_PEERS_AGGREGATORS_0_SECRET",
        "KENEYA_WALLETS_0_ORANGE_MONEY_CLIENT_SECRET", "KENEYA_WALLETS_0_ORANGE_MONEY_AUTH_TOKEN",
        "KENEYA_WALLETS_1_CINETPAY_API_KEY", "KENEYA_WALLETS_1_CINETPAY_SECRET_KEY",
        "KENEYA_WALLETS_2_WAVE_API_KEY", "KENEYA_WALLETS_2_WAVE_WEBHOOK_SECRET")) {
      env.put(key, random + key.length());
    }
    env.put("KENEYA_WALLETS_0_ORANGE_MONEY_PIN", "4821");
    List<String> remaining = ProductionChecks.problems(TestConfiguration.load(env));
    // Whatever the configuration still holds besides these is named; nothing set above is.
    assertThat(remaining).noneMatch(p -> p.startsWith("sms.") || p.startsWith("wallets[") || p.startsWith("peers."));
  }
}
