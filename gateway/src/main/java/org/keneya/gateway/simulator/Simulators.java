package org.keneya.gateway.simulator;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;

/** Every simulated peer of a demo gateway: each configured wallet's API, and the SMS API. */
public final class Simulators {
  private Simulators() {}

  public static void addRoutes(Router router, Vertx vertx, KeneyaConfig config, String selfBaseUrl) {
    long approveAfter = config.simulator().approveAfterMillis();
    List<String> momo = config.wallets().stream().filter(w -> w.api() == WalletConfig.Api.MOMO).map(WalletConfig::id).toList();
    new Simulator(vertx, approveAfter, momo).addRoutes(router);
    for (WalletConfig wallet : config.wallets()) {
      switch (wallet.api()) {
        case MOMO -> { } // served above, with the SMS API
        case ORANGE_MONEY -> new OrangeMoneySimulator(vertx, wallet, selfBaseUrl, approveAfter).addRoutes(router);
        case WAVE -> new WaveSimulator(vertx, wallet, selfBaseUrl, approveAfter).addRoutes(router);
        case CINETPAY -> new CinetPaySimulator(vertx, wallet, selfBaseUrl, approveAfter).addRoutes(router);
      }
    }
  }
}
