package org.keneya.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A check of the configuration by a module that knows more of it than this one does (the adapters
 * know each wallet API's settings). Registered with {@link ServiceLoader}; {@link ConfigLoader} runs
 * every one on the classpath after {@link ConfigValidator}, so their problems stop a start-up as its do.
 */
public interface ConfigCheck {
  /** What is wrong, one line a problem, each naming its key; empty when nothing is. */
  List<String> problems(KeneyaConfig config);
}
