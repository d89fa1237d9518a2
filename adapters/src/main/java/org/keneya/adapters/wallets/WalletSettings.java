package org.keneya.adapters.wallets;

import java.util.ArrayList;
import java.util.List;

/** What a wallet's section of the configuration holds for its API: the record a {@link WalletKind} reads it into. */
public interface WalletSettings {
  /** The names of the required settings left blank. */
  List<String> missing();

  /** The names, of {@code namesAndValues} given in pairs, whose value is null or blank. */
  static List<String> blank(String... namesAndValues) {
    List<String> blank = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null || namesAndValues[i + 1].isBlank()) blank.add(namesAndValues[i]);
    }
    return blank;
  }
}
