package org.keneya.flows;

import java.util.Map;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;

/** The shipped demo configuration and catalogues, read once for the core's tests. */
public final class TestConfig {
  public static final KeneyaConfig CONFIG = ConfigLoader.load(null, Map.of());
  public static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());

  private TestConfig() {}
}
