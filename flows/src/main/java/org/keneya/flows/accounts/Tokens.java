package org.keneya.flows.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API keys and session tokens: {@code keneya_<id>.<secret>}, the id (16 hex digits) finding the
 * credential by its primary key, the secret 256 random bits of which only a SHA-256 is stored. A
 * slow hash would add nothing: the secret is random, not chosen by a person.
 */
public final class Tokens {
  private static final String PREFIX = "keneya_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as handed out once; {@code secretHash} is what is stored. */
  public record Issued(String id, String token, byte[] secretHash) {}

  /** A token as presented: which credential, and the hash of its secret to compare. */
  public record Presented(String id, byte[] secretHash) {}

  private Tokens() {}

  public static Issued issue() {
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String idText = HexFormat.of().formatHex(id);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Issued(idText, PREFIX + idText + "." + secretText, sha256(secretText));
  }

  /** The token of an {@code Authorization: Bearer} value, if it has the shape of one. */
  public static Optional<Presented> parse(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot != PREFIX.length() + 16) return Optional.empty();
    String id = token.substring(PREFIX.length(), dot);
    String secret = token.substring(dot + 1);
    if (!id.matches("[0-9a-f]{16}") || !secret.matches("[A-Za-z0-9_-]{43}")) return Optional.empty();
    return Optional.of(new Presented(id, sha256(secret)));
  }

  /** Constant-time comparison of two secret hashes. */
  public static boolean same(byte[] stored, byte[] presented) {
    return stored != null && MessageDigest.isEqual(stored, presented);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
