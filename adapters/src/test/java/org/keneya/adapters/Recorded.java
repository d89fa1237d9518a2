package org.keneya.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Payloads recorded from the public APIs' documented shapes, under src/test/resources/recorded. */
public final class Recorded {
  private Recorded() {}

  public static String read(String path) {
    try (InputStream in = Recorded.class.getClassLoader().getResourceAsStream("recorded/" + path)) {
      if (in == null) throw new IllegalArgumentException("no recorded payload " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
