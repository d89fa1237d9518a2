package org.keneya.config;

import java.util.List;

/**
 * An SMSC reached over SMPP 3.4, bound as a transceiver: SMS go out as {@code submit_sm}, delivery
 * receipts come back as {@code deliver_sm} on the same session.
 *
 * @param host the SMSC's address
 * @param port its SMPP port (2775 by convention)
 * @param systemId the account the operator gave (at most 15 characters)
 * @param password its password (at most 8 characters in SMPP 3.4); set it by environment
 *     ({@code KENEYA_SMPP_PASSWORD}), never in the file
 * @param systemType sent at bind when the operator asks for one, else empty
 * @param sourceAddress the sender shown on phones: an alphanumeric sender id ("KENEYA", at most 11
 *     characters) or a short or long number ("36180", "+22320001234")
 * @param windowSize submit_sm awaiting their answer at once; the operator's contract names it
 * @param enquireLinkSeconds how long the link may stay quiet before an enquire_link checks it
 * @param reconnectBackoffMillis the wait before binding again after the link drops, doubling with each failure
 * @param timeoutMillis the longest a bind or a submit_sm may wait for its answer
 */
public record SmppConfig(
    String host,
    int port,
    String systemId,
    String password,
    String systemType,
    String sourceAddress,
    int windowSize,
    int enquireLinkSeconds,
    int reconnectBackoffMillis,
    int timeoutMillis) {

  /** Adds to {@code problems} what is wrong with this section, each named under {@code key} (e.g. "smpp"). */
  public void validate(String key, List<String> problems) {
    if (host == null || host.isBlank()) problems.add(key + ".host: required");
    else if (host.chars().anyMatch(Character::isWhitespace) || host.contains("/")) problems.add(key + ".host: a host name or address, not a URL");
    if (port < 1 || port > 65_535) problems.add(key + ".port: must be 1 to 65535");
    if (systemId == null || systemId.isBlank()) problems.add(key + ".systemId: required");
    else if (systemId.length() > 15) problems.add(key + ".systemId: at most 15 characters (SMPP 3.4)");
    if (password == null || password.isEmpty()) problems.add(key + ".password: required (set it by environment, KENEYA_SMPP_PASSWORD)");
    else if (password.length() > 8) problems.add(key + ".password: at most 8 characters (SMPP 3.4)");
    if (systemType != null && systemType.length() > 12) problems.add(key + ".systemType: at most 12 characters (SMPP 3.4)");
    validateSource(key + ".sourceAddress", problems);
    if (windowSize < 1 || windowSize > 100) problems.add(key + ".windowSize: must be 1 to 100");
    if (enquireLinkSeconds < 1 || enquireLinkSeconds > 300) problems.add(key + ".enquireLinkSeconds: must be 1 to 300");
    if (reconnectBackoffMillis < 100 || reconnectBackoffMillis > 60_000) problems.add(key + ".reconnectBackoffMillis: must be 100 to 60000");
    if (timeoutMillis < 100 || timeoutMillis > 60_000) problems.add(key + ".timeoutMillis: must be 100 to 60000");
  }

  private void validateSource(String key, List<String> problems) {
    if (sourceAddress == null || sourceAddress.isBlank()) {
      problems.add(key + ": required");
    } else if (sourceAddress.matches("\\+?[0-9]+")) {
      if (sourceAddress.replace("+", "").length() > 20) problems.add(key + ": a number of at most 20 digits");
    } else if (sourceAddress.length() > 11 || !sourceAddress.matches("[A-Za-z0-9 ._-]+")) {
      // Phones show at most 11 characters of an alphanumeric sender; operators refuse the rest.
      problems.add(key + ": an alphanumeric sender id is at most 11 letters, digits, spaces, '.', '_' or '-'");
    }
  }

  /** Without the password: a record's default text would print it wherever the configuration is logged. */
  @Override
  public String toString() {
    return "SmppConfig[host=" + host + ", port=" + port + ", systemId=" + systemId
        + ", password=" + (password == null || password.isEmpty() ? "(none)" : "****")
        + ", systemType=" + systemType + ", sourceAddress=" + sourceAddress + ", windowSize=" + windowSize
        + ", enquireLinkSeconds=" + enquireLinkSeconds + ", reconnectBackoffMillis=" + reconnectBackoffMillis
        + ", timeoutMillis=" + timeoutMillis + "]";
  }
}
