package org.keneya.gateway.simulator;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every simulated peer of a demo gateway: each configured wallet's API that has a simulator, and the SMS API. */
public final class Simulators {
  private static final Logger LOG = LoggerFactory.getLogger(Simulators.class);
  /** The MoMo-style wallets are served by {@link Simulator}, with the SMS API. */
  private static final String MOMO = "MOMO";

  private interface WalletSimulator {
    RouteGroup of(Vertx vertx, WalletConfig wallet, String selfBaseUrl, long approveAfterMillis);
  }

  /** The simulator of each wallet API, by the configuration's {@code api}. */
  private static final Map<String, WalletSimulator> BY_API = Map.of(
      "ORANGE_MONEY", OrangeMoneySimulator::new,
      "WAVE", WaveSimulator::new,
      "CINETPAY", CinetPaySimulator::new);

  private Simulators() {}

  /** The simulators, made once: a payment one of them started is found whichever router serves the next call about it. */
  public static List<RouteGroup> of(Vertx vertx, KeneyaConfig config, String selfBaseUrl) {
    long approveAfter = config.simulator().approveAfterMillis();
    List<RouteGroup> simulators = new ArrayList<>();
    List<String> momo = config.wallets().stream().filter(w -> MOMO.equals(w.api())).map(WalletConfig::id).toList();
    simulators.add(new Simulator(vertx, approveAfter, momo));
    for (WalletConfig wallet : config.wallets()) {
      WalletSimulator simulator = BY_API.get(wallet.api());
      if (simulator != null) {
        simulators.add(simulator.of(vertx, wallet, selfBaseUrl, approveAfter));
      } else if (!MOMO.equals(wallet.api())) {
        LOG.warn("wallet {}: no simulator of api {}; its payment requests fail in the demo", wallet.id(), wallet.api());
      }
    }
    return simulators;
  }
}
