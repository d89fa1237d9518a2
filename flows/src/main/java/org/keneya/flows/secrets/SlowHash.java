package org.keneya.flows.secrets;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The one way a secret a person types (password, PIN) is kept: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>},
 * PBKDF2-HMAC-SHA256 with OWASP's 600,000 iterations and a salt per secret. Each hash or check takes
 * a few hundred milliseconds on purpose: call them off the event loop.
 */
public final class SlowHash {
  public static final int ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SlowHash() {}

  /** A new hash of {@code secret}, with a fresh salt. */
  public static String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derive(secret, salt, ITERATIONS));
  }

  /** Whether {@code secret} is the one {@code stored} was made from, with the iterations {@code stored} names. */
  public static boolean matches(String secret, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256") || secret == null) return false;
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(secret, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  /** Whether {@code stored} was made with fewer iterations than today's: hash the secret again once it matched. */
  public static boolean outdated(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    try {
      return parts.length == 4 && Integer.parseInt(parts[1]) < ITERATIONS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
