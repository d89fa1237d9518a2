package org.keneya.gateway.contracts;

import java.util.Map;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;

/** The configuration and catalogues both implementations of a store are given. */
final class TestStores {
  static final KeneyaConfig CONFIG = ConfigLoader.load(null, Map.of());
  static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());

  private TestStores() {}
}
