package org.keneya.adapters.wallets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.keneya.config.JsonPaths;
import org.keneya.config.WalletConfig;
import org.keneya.flows.ports.PaymentProvider;

/**
 * One kind of wallet API, named as a wallet's {@code api} in the configuration: the settings its
 * section holds, whether members pay from a link, and the adapter that speaks it. Each adapter
 * declares its kind as a nested {@code Kind}, listed in
 * {@code META-INF/services/org.keneya.adapters.wallets.WalletKind}; {@link WalletKinds} finds them there.
 *
 * @param <S> the record the wallet's section is read into
 */
public abstract class WalletKind<S extends WalletSettings> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How an adapter is made: its constructor. */
  @FunctionalInterface
  public interface Adapter<S> {
    PaymentProvider of(Vertx vertx, WalletConfig wallet, S settings, String baseUrl, String callbackBaseUrl, Clock clock);
  }

  private final String api;
  private final Class<S> settingsType;
  private final boolean paidByLink;
  private final Adapter<S> adapter;

  /**
   * @param api the configuration's name of the API ("MOMO")
   * @param paidByLink whether members pay from a link sent to them, rather than on a PIN prompt the wallet pushes to their phone
   */
  protected WalletKind(String api, Class<S> settingsType, boolean paidByLink, Adapter<S> adapter) {
    this.api = api;
    this.settingsType = settingsType;
    this.paidByLink = paidByLink;
    this.adapter = adapter;
  }

  public final String api() {
    return api;
  }

  public final boolean paidByLink() {
    return paidByLink;
  }

  /** The adapter of {@code wallet}, calling its API at {@code baseUrl} and asking to be notified at {@code callbackBaseUrl}. */
  public final PaymentProvider adapter(Vertx vertx, WalletConfig wallet, String baseUrl, String callbackBaseUrl, Clock clock) {
    return adapter.of(vertx, wallet, settings(wallet, settingsType), baseUrl, callbackBaseUrl, clock);
  }

  /** What is wrong with {@code wallet}'s settings, each naming its key within the wallet ("wave.apiKey: required"). */
  final List<String> problems(WalletConfig wallet) {
    String section = wallet.section();
    try {
      return settings(wallet, settingsType).missing().stream().map(field -> section + "." + field + ": required").toList();
    } catch (IllegalArgumentException e) {
      String where = e.getCause() instanceof JsonMappingException mapping ? JsonPaths.of(mapping, "") : "";
      String why = e.getCause() instanceof UnrecognizedPropertyException ? "unknown key (check its spelling)" : "wrong kind of value";
      return List.of(section + (where.isEmpty() ? "" : "." + where) + ": " + why);
    }
  }

  /** {@code wallet}'s settings read as {@code type}; throws IllegalArgumentException when they cannot be. */
  public static <T> T settings(WalletConfig wallet, Class<T> type) {
    if (wallet.settings() == null) throw new IllegalArgumentException("wallet " + wallet.id() + " has no " + wallet.section() + " section");
    return JSON.convertValue(wallet.settings(), type);
  }
}
