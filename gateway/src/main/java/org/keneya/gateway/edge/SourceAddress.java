package org.keneya.gateway.edge;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import org.keneya.config.Cidr;

/**
 * Where a request comes from. The connection's address, unless that is one of our own reverse
 * proxies: then the nearest address its {@code X-Forwarded-For} names that is not a proxy of ours.
 * A header from anyone else is ignored, since anyone can write one.
 */
public final class SourceAddress {
  private final List<Cidr> trustedProxies;

  public SourceAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies.stream().map(p -> Cidr.parse(p).orElseThrow()).toList();
  }

  public String of(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? "" : strip(request.remoteAddress().hostAddress());
    if (!trusted(peer)) return peer;
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    String client = peer;
    // Read from the nearest hop backwards: each proxy of ours appends who called it.
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = strip(hops[i].strip());
        if (Cidr.literal(hop).isEmpty()) return client;
        client = hop;
        if (!trusted(hop)) return hop;
      }
    }
    return client;
  }

  private boolean trusted(String address) {
    return trustedProxies.stream().anyMatch(range -> range.contains(address));
  }

  /** Vert.x writes IPv6 peers without brackets but some proxies add them; a zone id is not part of the address. */
  private static String strip(String address) {
    String a = address;
    if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
    int zone = a.indexOf('%');
    return zone < 0 ? a : a.substring(0, zone);
  }
}
