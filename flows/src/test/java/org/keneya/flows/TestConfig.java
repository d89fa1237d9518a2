package org.keneya.flows;

import java.util.Map;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.config.TestConfiguration;
import org.keneya.flows.messages.Messages;

/** The tests' own configuration and the shipped catalogues (the texts members read), read once for the core's tests. */
public final class TestConfig {
  public static final KeneyaConfig CONFIG = TestConfiguration.load(Map.of());
  public static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());

  private TestConfig() {}
}
