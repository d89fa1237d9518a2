package org.keneya.flows.messages;

import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites text for phones and networks that only show the GSM 7-bit alphabet. Letters of a
 * language's own alphabet that GSM lacks (Bambara's ɛ, ɔ, ɲ, ŋ) take the spelling its catalogue
 * gives under {@code gsm7.fallback} (e.g. ɛ=è, as Bambara was written before 1982); any other
 * letter loses its accent (ç → c, ê → e); what is left outside GSM becomes '?'.
 */
public final class Gsm7Spelling {
  /** Combining marks, left by splitting an accented letter into its letter and its accents. */
  private static final Pattern MARKS = Pattern.compile("\\p{M}");

  private Gsm7Spelling() {}

  /** Parses a catalogue's {@code gsm7.fallback} value: comma-separated {@code letter=spelling} pairs. */
  public static Map<String, String> table(String spec) {
    Map<String, String> table = new java.util.LinkedHashMap<>();
    if (spec == null || spec.isBlank()) return table;
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) table.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return table;
  }

  public static String fold(String text, Map<String, String> table) {
    if (SmsLength.isGsm7(text)) return text;
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      // Every screen of a page is folded on each hop: GSM letters pass without a String or a regex.
      if (c <= Character.MAX_VALUE && Gsm7Alphabet.contains((char) c)) {
        out.append((char) c);
        continue;
      }
      String letter = new String(Character.toChars(c));
      String spelled = table.get(letter);
      if (spelled != null) {
        out.append(spelled);
        continue;
      }
      String bare = MARKS.matcher(Normalizer.normalize(letter, Normalizer.Form.NFD)).replaceAll("");
      if (c == '\u2019' || c == '\u2018') bare = "'";
      out.append(!bare.isEmpty() && SmsLength.isGsm7(bare) ? bare : "?");
    }
    return out.toString();
  }
}
