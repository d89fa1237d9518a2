package org.keneya.flows.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * People's passwords, kept only as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA256
 * with 600,000 iterations (OWASP's figure for it) and a salt per password. Each hash or check takes
 * a few hundred milliseconds on purpose: call them off the event loop.
 */
public final class Passwords {
  public static final int ITERATIONS = 600_000;
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Checked when the login is unknown, so that the answer takes as long as for a known one. */
  private static final String DECOY = hash("decoy-password-never-matches");

  private Passwords() {}

  /** Why {@code password} cannot be used, or empty when it can. */
  public static Optional<String> problem(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) return Optional.of("at most " + MAX_LENGTH + " characters");
    return Optional.empty();
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Whether {@code password} is the one {@code stored} was made from; null {@code stored} (no password, unknown login) costs the same and fails. */
  public static boolean matches(String password, String stored) {
    boolean known = stored != null;
    String[] parts = (known ? stored : DECOY).split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256") || password == null) return false;
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual) && known;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
