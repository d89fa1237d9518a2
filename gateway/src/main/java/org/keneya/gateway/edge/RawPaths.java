package org.keneya.gateway.edge;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one form of a request path the gateway accepts. The router matches a normalised path
 * (dot segments removed, escapes decoded) while any check written against the raw path sees
 * another: {@code /api/v1/rights/../households} looked like a health centre's route and was routed
 * to the administrators'. Refusing every path that is not already in normal form, before any
 * handler, leaves one path for both: no dot segments, no percent-escapes (no route of ours needs
 * one), no backslash, no doubled slash.
 */
public final class RawPaths {
  /** Unreserved and sub-delimiter characters of RFC 3986 path segments, without % nor ; (a proxy may read path parameters). */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,=:@-]+");

  private RawPaths() {}

  /** Why {@code rawPath} (as received, before any decoding) is refused, or empty when it is in normal form. */
  public static Optional<String> problem(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) return Optional.of("the path must start with /");
    if (rawPath.equals("/")) return Optional.empty();
    if (rawPath.indexOf('%') >= 0) return Optional.of("percent-escapes are not accepted in the path");
    if (rawPath.indexOf('\\') >= 0) return Optional.of("backslashes are not accepted in the path");
    if (rawPath.contains("//")) return Optional.of("doubled slashes are not accepted in the path");
    String[] segments = rawPath.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty() && i == segments.length - 1) continue;
      if (segment.equals(".") || segment.equals("..")) return Optional.of("dot segments are not accepted in the path");
      if (!SEGMENT.matcher(segment).matches()) return Optional.of("the path holds characters it may not");
    }
    return Optional.empty();
  }
}
