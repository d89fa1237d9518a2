package org.keneya.flows.collectors;

import org.keneya.flows.secrets.SlowHash;

import java.util.Optional;

/**
 * Collectors' and health centres' PINs, kept only as slow salted hashes (PBKDF2-HMAC-SHA256, a salt
 * per PIN, OWASP's 600,000 iterations) as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. A
 * 4-digit PIN has only 10,000 values, so the hash alone cannot protect it from whoever reads the
 * database: the slowness makes each guess cost, and the delays after wrong PINs are what really
 * guard the USSD menus. Hashes made with fewer iterations still match, and are made again on the
 * next correct entry ({@link #outdated}).
 */
public final class Pins {
  public static final int ITERATIONS = SlowHash.ITERATIONS;

  private Pins() {}

  /** Why {@code pin} cannot be a collector's PIN, or empty when it can: 4 to 6 digits, not one repeated, not a run (1234). */
  public static Optional<String> problem(String pin) {
    if (pin == null || !pin.matches("[0-9]{4,6}")) return Optional.of("4 to 6 digits");
    if (pin.chars().distinct().count() == 1) return Optional.of("not one digit repeated");
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < pin.length(); i++) {
      up &= pin.charAt(i) == pin.charAt(i - 1) + 1;
      down &= pin.charAt(i) == pin.charAt(i - 1) - 1;
    }
    return up || down ? Optional.of("not a run of digits such as 1234") : Optional.empty();
  }

  /** A new hash of {@code pin}, with a fresh salt. Slow on purpose: call it off the event loop. */
  public static String hash(String pin) {
    return SlowHash.hash(pin);
  }

  /** Whether {@code pin} is the one {@code stored} was made from. Slow on purpose: call it off the event loop. */
  public static boolean matches(String pin, String stored) {
    return SlowHash.matches(pin, stored);
  }

  /** Whether {@code stored} was made with fewer iterations than today's: hash the PIN again once it matched. */
  public static boolean outdated(String stored) {
    return SlowHash.outdated(stored);
  }
}
