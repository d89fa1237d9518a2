package org.keneya.flows.accounts;

import org.keneya.flows.secrets.SlowHash;

import java.util.Optional;

/**
 * People's passwords, kept only as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA256
 * with 600,000 iterations (OWASP's figure for it) and a salt per password. Each hash or check takes
 * a few hundred milliseconds on purpose: call them off the event loop.
 */
public final class Passwords {
  public static final int ITERATIONS = SlowHash.ITERATIONS;
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;
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
    return SlowHash.hash(password);
  }

  /** Whether {@code password} is the one {@code stored} was made from; null {@code stored} (no password, unknown login) costs the same and fails. */
  public static boolean matches(String password, String stored) {
    boolean known = stored != null;
    return SlowHash.matches(password, known ? stored : DECOY) && known;
  }
}
