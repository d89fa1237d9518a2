package org.keneya.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An address range such as {@code 196.201.214.0/24} or {@code 2001:db8::/32}. Only literal
 * addresses are read: a host name would mean a DNS look-up, and a range that moves with DNS is no
 * allowlist.
 */
public record Cidr(byte[] network, int prefix) {
  // Compiled once: every request from a proxy of ours or to a range-guarded route is read against them.
  private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

  /** The range {@code text} names (a bare address is a range of one), or empty when it is none. */
  public static Optional<Cidr> parse(String text) {
    if (text == null) return Optional.empty();
    String value = text.strip();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    Optional<byte[]> bytes = literal(address);
    if (bytes.isEmpty()) return Optional.empty();
    int bits = bytes.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = value.substring(slash + 1);
      if (!length.matches("[0-9]{1,3}")) return Optional.empty();
      prefix = Integer.parseInt(length);
      if (prefix > bits) return Optional.empty();
    }
    return Optional.of(new Cidr(bytes.get(), prefix));
  }

  /** The bytes of a literal IPv4 or IPv6 address; empty for anything else (names included). */
  public static Optional<byte[]> literal(String address) {
    if (address == null || address.isEmpty()) return Optional.empty();
    boolean v4 = IPV4.matcher(address).matches();
    boolean v6 = address.contains(":") && IPV6.matcher(address).matches();
    if (!v4 && !v6) return Optional.empty();
    if (v4) {
      for (String part : address.split("\\.")) {
        if (Integer.parseInt(part) > 255) return Optional.empty();
      }
    }
    try {
      // A literal is parsed, never looked up.
      return Optional.of(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} (a literal) lies in this range; an IPv4-mapped IPv6 address counts as its IPv4 one. */
  public boolean contains(String address) {
    Optional<byte[]> bytes = literal(address);
    if (bytes.isEmpty()) return false;
    byte[] candidate = bytes.get();
    if (candidate.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) return false;
    }
    int rest = prefix % 8;
    if (rest == 0) return true;
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (candidate[full] & mask) == (network[full] & mask);
  }
}
