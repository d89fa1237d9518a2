package org.keneya.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The tests' own configuration, {@value #RESOURCE} beside this class: every module's tests read it
 * instead of the demo {@code keneya.yml}, which only the tests about the demo itself read.
 */
public final class TestConfiguration {
  public static final String RESOURCE = "keneya-test.yml";

  private TestConfiguration() {}

  /** Its text, for a test that changes a part of it. */
  public static String text() {
    try (InputStream in = TestConfiguration.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** It, read and validated as the gateway reads a file, with {@code env} as the {@code KENEYA_*} variables. */
  public static KeneyaConfig load(Map<String, String> env) {
    return ConfigLoader.parse(text(), RESOURCE, env);
  }
}
