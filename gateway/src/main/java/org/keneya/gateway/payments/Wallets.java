package org.keneya.gateway.payments;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keneya.adapters.resilience.ResilientProvider;
import org.keneya.adapters.wallets.WalletKinds;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider;
import org.keneya.flows.ussd.UssdContext;

/**
 * The configured wallets, each the adapter of its API's {@link org.keneya.adapters.wallets.WalletKind} behind its own circuit breaker and bulkhead, and
 * the routing of a member's number to the wallets that can collect from it.
 */
public final class Wallets {
  private final Map<String, ResilientProvider> providers = new LinkedHashMap<>();
  private final Map<String, WalletConfig> configs = new LinkedHashMap<>();

  /**
   * @param simulatorBaseUrl when not null, every wallet's API is this gateway's simulator of it
   *     ({@code simulatorBaseUrl + "/simulator/" + id}) and the callbacks come back to it
   */
  public Wallets(Vertx vertx, KeneyaConfig config, String simulatorBaseUrl, Clock clock, MeterRegistry registry) {
    this(vertx, config, wallet -> simulatorBaseUrl != null
        ? WalletKinds.of(wallet).adapter(vertx, wallet, simulatorBaseUrl + "/simulator/" + wallet.id(), simulatorBaseUrl, clock)
        : WalletKinds.of(wallet).adapter(vertx, wallet, wallet.baseUrl(), wallet.callbackBaseUrl(), clock), registry);
  }

  /** The configured wallets, each reached through what {@code adapters} gives for it (a service test's scripted wallet, say). */
  public Wallets(Vertx vertx, KeneyaConfig config, java.util.function.Function<WalletConfig, PaymentProvider> adapters,
      MeterRegistry registry) {
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    for (WalletConfig wallet : config.wallets()) {
      PaymentProvider adapter = adapters.apply(wallet);
      providers.put(wallet.id(), new ResilientProvider(vertx, adapter, wallet, breakers, bulkheads, registry));
      configs.put(wallet.id(), wallet);
    }
    // Circuit states and bulkhead room per wallet, as resilience4j_circuitbreaker_state{name=<wallet>} and friends.
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
  }

  public Optional<ResilientProvider> provider(String id) {
    return Optional.ofNullable(providers.get(id));
  }

  public List<ResilientProvider> all() {
    return List.copyOf(providers.values());
  }

  /** The wallet's name as members know it; its id when it is no longer configured. */
  public String name(String id) {
    WalletConfig wallet = configs.get(id);
    return wallet == null ? id : wallet.name();
  }

  /** The wallets that can collect from {@code caller}, in configuration order, each saying whether it is up. */
  public List<UssdContext.Wallet> offeredTo(Msisdn caller) {
    return configs.values().stream()
        .filter(wallet -> wallet.serves(caller.e164()))
        .map(wallet -> new UssdContext.Wallet(wallet.id(), wallet.name(), wallet.networkCodesOrEmpty(), WalletKinds.of(wallet).paidByLink(),
            providers.get(wallet.id()).available()))
        .toList();
  }
}
