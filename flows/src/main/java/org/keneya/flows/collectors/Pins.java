package org.keneya.flows.collectors;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Collectors' and health centres' PINs, kept only as slow salted hashes (PBKDF2-HMAC-SHA256, a salt
 * per PIN, OWASP's 600,000 iterations) as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. A
 * 4-digit PIN has only 10,000 values, so the hash alone cannot protect it from whoever reads the
 * database: the slowness makes each guess cost, and the delays after wrong PINs are what really
 * guard the USSD menus. Hashes made with fewer iterations still match, and are made again on the
 * next correct entry ({@link #outdated}).
 */
public final class Pins {
  public static final int ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();

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
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derive(pin, salt, ITERATIONS));
  }

  /** Whether {@code pin} is the one {@code stored} was made from. Slow on purpose: call it off the event loop. */
  public static boolean matches(String pin, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256") || pin == null) return false;
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(pin, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  /** Whether {@code stored} was made with fewer iterations than today's: hash the PIN again once it matched. */
  public static boolean outdated(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    try {
      return parts.length == 4 && Integer.parseInt(parts[1]) < ITERATIONS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static byte[] derive(String pin, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
