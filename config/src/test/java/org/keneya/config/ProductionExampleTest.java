package org.keneya.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped production example: nothing secret in it, and it starts once the environment gives every secret. */
class ProductionExampleTest {
  private static final Path EXAMPLE = Path.of("production.example.yml");

  private static Map<String, String> secrets() {
    Map<String, String> env = new HashMap<>();
    env.put("KENEYA_PG_URL", "postgresql://keneya_app:Xq7w9Lp2Rt5Vz8Nc@db.internal:5432/keneya");
    env.put("KENEYA_PG_MIGRATION_URL", "postgresql://keneya_owner:Mb3Kd8Wq1Zs6Hy4T@db.internal:5432/keneya");
    env.put("KENEYA_SMS_API_KEY", "atsk_5f1c9e0b7a2d4c8e9f3a6b1d");
    env.put("KENEYA_PEERS_AGGREGATORS_0_SECRET", "p9XrT2vLq8WmZ4sK7dNc3Hf");
    env.put("KENEYA_WALLETS_0_ORANGE_MONEY_CLIENT_SECRET", "om-Zt4Qw8Er2Ty6Ui0Op3As");
    env.put("KENEYA_WALLETS_0_ORANGE_MONEY_AUTH_TOKEN", "om-Lk9Jh7Gf5Ds3Aq1Zx8Cv");
    env.put("KENEYA_WALLETS_0_ORANGE_MONEY_PIN", "4821");
    env.put("KENEYA_WALLETS_1_CINETPAY_API_KEY", "cp-Bn6Mv4Cx2Zl8Kj0Hg7Fd");
    env.put("KENEYA_WALLETS_1_CINETPAY_SECRET_KEY", "cp-Sa5Df3Gh1Jk9Lq7We2Rt");
    env.put("KENEYA_WALLETS_2_WAVE_API_KEY", "wave_sn_prod_Yu8Io6Pa4Sd2Fg0Hj");
    env.put("KENEYA_WALLETS_2_WAVE_WEBHOOK_SECRET", "wave_sn_WHS_Kl1Zx3Cv5Bn7Mq9");
    return env;
  }

  @Test
  void withEverySecretFromTheEnvironmentItPassesTheProductionChecks() throws Exception {
    KeneyaConfig config = ConfigLoader.parse(Files.readString(EXAMPLE), EXAMPLE.toString(), secrets());
    assertThat(config.simulator().enabled()).isFalse();
    assertThat(config.http().separateManagement()).isTrue();
    assertThat(ProductionChecks.problems(config)).isEmpty();
  }

  @Test
  void itHoldsNoSecretAndRefusesToStartWithoutTheEnvironment() throws Exception {
    String text = Files.readString(EXAMPLE);
    assertThat(text).doesNotContain("demo-");
    assertThatThrownBy(() -> ConfigLoader.parse(text, EXAMPLE.toString(), Map.of()))
        .hasMessageContaining("sms.apiKey: required");
    Map<String, String> withoutAggregator = secrets();
    withoutAggregator.remove("KENEYA_PEERS_AGGREGATORS_0_SECRET");
    assertThat(ProductionChecks.problems(ConfigLoader.parse(text, EXAMPLE.toString(), withoutAggregator)))
        .anyMatch(p -> p.contains("neither a secret nor allowFrom"));
  }
}
