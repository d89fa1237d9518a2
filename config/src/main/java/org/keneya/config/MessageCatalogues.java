package org.keneya.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the user-facing text, one UTF-8 properties file per language under {@code messages/}, so
 * that a native speaker can correct a screen without touching code.
 */
public final class MessageCatalogues {
  /** The languages the shipped catalogues cover; the first is the reference every other must match. */
  public static final List<String> LANGUAGES = List.of("fr", "bm");

  private MessageCatalogues() {}

  public static Map<String, Map<String, String>> loadShipped() {
    Map<String, Map<String, String>> catalogues = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      catalogues.put(language, load(language));
    }
    List<String> problems = new ArrayList<>();
    Set<String> reference = catalogues.get(LANGUAGES.get(0)).keySet();
    for (String language : LANGUAGES) {
      Set<String> missing = new TreeSet<>(reference);
      missing.removeAll(catalogues.get(language).keySet());
      if (!missing.isEmpty()) problems.add(language + ": missing keys " + missing);
    }
    if (!problems.isEmpty()) throw new ConfigException("messages/*.properties", problems);
    return catalogues;
  }

  private static Map<String, String> load(String language) {
    String resource = "messages/" + language + ".properties";
    try (InputStream in = MessageCatalogues.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new ConfigException(resource, List.of("missing from the classpath"));
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> map = new LinkedHashMap<>();
      properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
      return Map.copyOf(map);
    } catch (IOException e) {
      throw new ConfigException(resource, List.of("cannot be read: " + e.getMessage()));
    }
  }
}
