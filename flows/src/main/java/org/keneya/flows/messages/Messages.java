package org.keneya.flows.messages;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.keneya.flows.rights.RightsStatus;

/** Renders user-facing text from the per-language catalogues; placeholders are {@code {name}}. */
public final class Messages {
  public static final String DEFAULT_LANGUAGE = "fr";
  /** The menus' other language, which a caller may switch to from French and back. */
  public static final String BAMBARA = "bm";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final Map<String, Map<String, String>> catalogues;
  private final Map<String, Map<String, String>> gsm7Fallbacks = new java.util.HashMap<>();

  public Messages(Map<String, Map<String, String>> catalogues) {
    if (!catalogues.containsKey(DEFAULT_LANGUAGE)) throw new IllegalArgumentException("the French catalogue is required");
    this.catalogues = Map.copyOf(catalogues);
    catalogues.forEach((language, catalogue) -> gsm7Fallbacks.put(language, Gsm7Spelling.table(catalogue.get("gsm7.fallback"))));
  }

  /** {@code text} as a phone limited to the GSM 7-bit alphabet can show it, in {@code language}'s fallback spelling. */
  public String gsm7(String language, String text) {
    return Gsm7Spelling.fold(text, gsm7Fallbacks.getOrDefault(language, Map.of()));
  }

  public boolean supports(String language) {
    return catalogues.containsKey(language);
  }

  public String text(String language, String key, Map<String, ?> args) {
    Map<String, String> catalogue = catalogues.getOrDefault(language, catalogues.get(DEFAULT_LANGUAGE));
    String template = catalogue.get(key);
    if (template == null) template = catalogues.get(DEFAULT_LANGUAGE).get(key);
    if (template == null) throw new IllegalArgumentException("no message '" + key + "' in any catalogue");
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = c == '{' ? template.indexOf('}', i) : -1;
      if (close > i) {
        String name = template.substring(i + 1, close);
        Object value = args.get(name);
        out.append(value == null ? template.substring(i, close + 1) : value);
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  public String text(String language, String key) {
    return text(language, key, Map.of());
  }

  public static String date(LocalDate date) {
    return DATE.format(date);
  }

  /** A time of day as callers read it (09:30). */
  public static String time(ZonedDateTime time) {
    return TIME.format(time);
  }

  /** The language a menu's switch turns {@code language} to: Bambara from French, French from Bambara. */
  public static String switched(String language) {
    return language.equals(BAMBARA) ? DEFAULT_LANGUAGE : BAMBARA;
  }

  /** One sentence on where the household stands, as members read it. */
  public String rights(String language, RightsStatus status) {
    if (status instanceof RightsStatus.Waiting w) return text(language, "rights.waiting", Map.of("date", date(w.opensOn())));
    if (status instanceof RightsStatus.Open o) return text(language, "rights.open", Map.of("date", date(o.coveredUntil())));
    if (status instanceof RightsStatus.Grace g) return text(language, "rights.grace", Map.of("date", date(g.graceUntil())));
    if (status instanceof RightsStatus.Suspended s) return text(language, "rights.suspended", Map.of("date", date(s.since())));
    return text(language, "rights.notPaid");
  }
}
