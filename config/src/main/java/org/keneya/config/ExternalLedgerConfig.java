package org.keneya.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The mutual's own management software (openIMIS, an accounting API) that each journal entry is
 * posted to after it is booked here; this gateway's journal stays the record, the external ledger
 * a copy kept in step through the outbox.
 *
 * @param baseUrl where the external ledger listens; entries are posted to {@code baseUrl + "/entries"}
 * @param apiKey sent as {@code Authorization: Bearer}; set it by environment
 *     ({@code KENEYA_MUTUALS_<i>_EXTERNAL_LEDGER_API_KEY}), never in the file
 * @param timeoutMillis the longest one post may go without an answer before it is retried
 * @param stuckAfterMinutes an entry not posted this long after booking is reported as stuck
 */
public record ExternalLedgerConfig(String baseUrl, String apiKey, int timeoutMillis, int stuckAfterMinutes) {

  /** Adds to {@code problems} what is wrong with this section, each named under {@code key} (e.g. "mutuals[0] (mopti-cercle).externalLedger"). */
  public void validate(String key, List<String> problems) {
    validateBaseUrl(key + ".baseUrl", problems);
    if (apiKey == null || apiKey.isBlank()) problems.add(key + ".apiKey: required (set it by environment, e.g. KENEYA_MUTUALS_0_EXTERNAL_LEDGER_API_KEY)");
    else if (apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) problems.add(key + ".apiKey: must be printable ASCII without spaces");
    // Past a minute the outbox lease of a whole round of posts grows long enough to delay every other entry.
    if (timeoutMillis < 100 || timeoutMillis > 60_000) problems.add(key + ".timeoutMillis: must be 100 to 60000");
    if (stuckAfterMinutes < 1) problems.add(key + ".stuckAfterMinutes: must be at least 1");
  }

  private void validateBaseUrl(String key, List<String> problems) {
    if (baseUrl == null || baseUrl.isBlank()) {
      problems.add(key + ": required");
      return;
    }
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      problems.add(key + ": not a URL: '" + baseUrl + "'");
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      problems.add(key + ": must be an http(s) URL, got '" + baseUrl + "'");
    } else if (uri.getUserInfo() != null) {
      // A URL ends up in logs and error messages; a credential in it would go with it.
      problems.add(key + ": must not hold credentials (put the key in apiKey)");
    } else if (uri.getQuery() != null || uri.getFragment() != null) {
      problems.add(key + ": must not have a query or fragment ('/entries' is appended to it)");
    } else if (scheme.equals("http") && !loopback(uri.getHost())) {
      // The bearer key would cross the network in clear.
      problems.add(key + ": must be https (plain http only to this machine, e.g. http://127.0.0.1:8090)");
    }
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    // Only literal addresses: resolving a name here would make validation depend on DNS.
    if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) return false;
    try {
      return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Without the key: a record's default text would print it wherever the configuration is logged. */
  @Override
  public String toString() {
    return "ExternalLedgerConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "(none)" : "****")
        + ", timeoutMillis=" + timeoutMillis + ", stuckAfterMinutes=" + stuckAfterMinutes + "]";
  }
}
