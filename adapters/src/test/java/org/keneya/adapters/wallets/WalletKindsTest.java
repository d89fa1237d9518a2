package org.keneya.adapters.wallets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.cinetpay.CinetPayCheckout;
import org.keneya.adapters.momo.MomoCollections;
import org.keneya.adapters.orange.OrangeMoneyPush;
import org.keneya.adapters.wave.WaveCheckout;
import org.keneya.config.ConfigException;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;

/** The wallet APIs the adapters serve, found by the configuration's {@code api}, and the check of each wallet's settings. */
class WalletKindsTest {

  private static KeneyaConfig shippedWith(String from, String to) {
    return ConfigLoader.parse(ConfigLoader.shippedText().replace(from, to), "t.yml", Map.of());
  }

  @Test
  void eachAdapterServesItsApi_andSaysWhetherMembersPayFromALink() {
    assertThat(WalletKinds.apis()).containsExactlyInAnyOrder("MOMO", "ORANGE_MONEY", "WAVE", "CINETPAY");
    KeneyaConfig shipped = ConfigLoader.load(null, Map.of());
    assertThat(WalletKinds.of(shipped.wallet("orange").orElseThrow())).isInstanceOf(OrangeMoneyPush.Kind.class)
        .extracting(WalletKind::paidByLink).isEqualTo(false);
    assertThat(WalletKinds.of(shipped.wallet("moov").orElseThrow())).isInstanceOf(CinetPayCheckout.Kind.class)
        .extracting(WalletKind::paidByLink).isEqualTo(true);
    assertThat(WalletKinds.of(shipped.wallet("wave").orElseThrow())).isInstanceOf(WaveCheckout.Kind.class)
        .extracting(WalletKind::paidByLink).isEqualTo(true);
    WalletConfig momo = shippedWith("api: CINETPAY", "api: MOMO\n    momo: { apiUser: u, apiKey: k, subscriptionKey: s, targetEnvironment: sandbox }")
        .wallet("moov").orElseThrow();
    assertThat(WalletKinds.of(momo)).isInstanceOf(MomoCollections.Kind.class).extracting(WalletKind::paidByLink).isEqualTo(false);
  }

  @Test
  void theAdapterOfAWalletIsMadeFromItsOwnSection() {
    Vertx vertx = Vertx.vertx();
    try {
      WalletConfig wave = ConfigLoader.load(null, Map.of()).wallet("wave").orElseThrow();
      assertThat(WalletKinds.of(wave).adapter(vertx, wave, "http://127.0.0.1:1", "http://gw.example", Clock.systemUTC()))
          .isInstanceOf(WaveCheckout.class).extracting(p -> p.name()).isEqualTo("wave");
      assertThat(WalletKind.settings(wave, WaveCheckout.Settings.class).webhookSecurity())
          .isEqualTo(WaveCheckout.Settings.WebhookSecurity.SIGNING);
    } finally {
      vertx.close();
    }
  }

  @Test
  void aWalletWithoutItsSettingsIsRefusedByKey() {
    assertThatThrownBy(() -> ConfigLoader.parse(ConfigLoader.shippedText(), "t.yml", Map.of("KENEYA_WALLETS_2_WAVE_API_KEY", "",
        "KENEYA_WALLETS_1_CINETPAY_SECRET_KEY", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("wallets[2] (wave).wave.apiKey: required")
        .hasMessageContaining("wallets[1] (moov).cinetpay.secretKey: required");
    assertThatThrownBy(() -> shippedWith("webhookSecurity: SIGNING", "webhookSecurity: SIGNED"))
        .hasMessageContaining("wallets[2] (wave).wave.webhookSecurity: wrong kind of value");
    assertThatThrownBy(() -> shippedWith("    wave:\n      apiKey:", "    wave:\n      apiKee:"))
        .hasMessageContaining("wallets[2] (wave).wave.apiKee: unknown key (check its spelling)");
  }

  @Test
  void anApiNoAdapterServesOrAMisspeltSectionIsRefusedByKey() {
    assertThatThrownBy(() -> shippedWith("api: CINETPAY", "api: PAYDUNYA"))
        .hasMessageContaining("wallets[1] (moov).api: no adapter serves 'PAYDUNYA'; one of CINETPAY, MOMO, ORANGE_MONEY, WAVE");
    assertThatThrownBy(() -> shippedWith("    wave:\n", "    wav:\n"))
        .hasMessageContaining("wallets[2] (wave).wave: required")
        .hasMessageContaining("wallets[2] (wave).wav: unknown key (check its spelling)");
    assertThatThrownBy(() -> WalletKinds.of(new WalletConfig("x", "X", "PAYDUNYA", null, null, null, null, 1000, null, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no adapter serves api PAYDUNYA");
  }
}
