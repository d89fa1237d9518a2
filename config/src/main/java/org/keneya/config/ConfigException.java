package org.keneya.config;

import java.util.List;

/** Configuration that cannot run. The message names the source, the key and what is wrong, one problem a line. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super("invalid configuration in " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
