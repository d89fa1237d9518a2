package org.keneya.adapters.wallets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.keneya.config.ConfigCheck;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.WalletConfig;

/**
 * Every {@link WalletKind} on the classpath, by the configuration's {@code api}; and, as a
 * {@link ConfigCheck}, the check that each configured wallet names a known API and gives it the
 * settings it needs.
 */
public final class WalletKinds implements ConfigCheck {
  private static final Map<String, WalletKind<?>> KINDS = load();

  private static Map<String, WalletKind<?>> load() {
    Map<String, WalletKind<?>> kinds = new LinkedHashMap<>();
    for (WalletKind<?> kind : ServiceLoader.load(WalletKind.class)) {
      WalletKind<?> other = kinds.putIfAbsent(kind.api(), kind);
      if (other != null) throw new IllegalStateException("two wallet kinds serve api " + kind.api() + ": " + other + " and " + kind);
    }
    return Map.copyOf(kinds);
  }

  /** The kind of {@code wallet}'s API; throws IllegalArgumentException for an API no adapter serves. */
  public static WalletKind<?> of(WalletConfig wallet) {
    WalletKind<?> kind = KINDS.get(wallet.api());
    if (kind == null) throw new IllegalArgumentException("wallet " + wallet.id() + ": no adapter serves api " + wallet.api());
    return kind;
  }

  /** The APIs an adapter serves. */
  public static Set<String> apis() {
    return KINDS.keySet();
  }

  @Override
  public List<String> problems(KeneyaConfig config) {
    List<String> problems = new ArrayList<>();
    List<WalletConfig> wallets = config.wallets() == null ? List.of() : config.wallets();
    for (int i = 0; i < wallets.size(); i++) {
      WalletConfig wallet = wallets.get(i);
      String key = "wallets[" + i + "]" + (wallet.id() == null || wallet.id().isBlank() ? "" : " (" + wallet.id() + ")");
      if (wallet.api() == null || wallet.api().isBlank()) continue;
      WalletKind<?> kind = KINDS.get(wallet.api());
      if (kind == null) {
        problems.add(key + ".api: no adapter serves '" + wallet.api() + "'; one of " + String.join(", ", new TreeSet<>(apis())));
        continue;
      }
      if (wallet.settings() != null) kind.problems(wallet).forEach(problem -> problems.add(key + "." + problem));
      for (String section : wallet.sections().keySet()) {
        // Another API's section is tolerated (a wallet moved to another API may keep its old one); any other key is a slip.
        if (KINDS.values().stream().noneMatch(k -> WalletConfig.sectionOf(k.api()).equals(section))) {
          problems.add(key + "." + section + ": unknown key (check its spelling)");
        }
      }
    }
    return problems;
  }
}
