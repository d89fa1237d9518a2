package org.keneya.config;

import java.util.List;

/**
 * Who may call the routes that aggregators call. USSD and SMS aggregators sign nothing: a caller
 * is believed only when it shows the secret registered in its callback URL (or as HTTP Basic) and/or
 * comes from an address it is known to send from.
 *
 * @param trustedProxies CIDRs of this deployment's reverse proxies: only their {@code X-Forwarded-For} is believed
 * @param aggregators each peer, the route groups it may call and how it proves who it is
 */
public record PeersConfig(List<String> trustedProxies, List<Peer> aggregators) {
  /** The route groups a peer can be given: USSD hops ({@code /ussd/*}), SMS in and delivery reports ({@code /sms/*}). */
  public static final List<String> ROUTE_GROUPS = List.of("ussd", "sms");

  /**
   * @param id names the peer in logs and is the HTTP Basic user name
   * @param routes the route groups it may call ({@link #ROUTE_GROUPS})
   * @param secret shown as the last segment of the registered URL ({@code /ussd/at/<secret>}) or as the Basic password; empty: none
   * @param allowFrom CIDRs it sends from; empty: any address
   */
  public record Peer(String id, List<String> routes, String secret, List<String> allowFrom) {
    public List<String> routesOrEmpty() {
      return routes == null ? List.of() : routes;
    }

    public List<String> allowFromOrEmpty() {
      return allowFrom == null ? List.of() : allowFrom;
    }

    public boolean hasSecret() {
      return secret != null && !secret.isBlank();
    }

    /** Whether the peer proves anything at all: a route with neither a secret nor an address list is open to anyone. */
    public boolean authenticated() {
      return hasSecret() || !allowFromOrEmpty().isEmpty();
    }
  }

  public List<String> trustedProxiesOrEmpty() {
    return trustedProxies == null ? List.of() : trustedProxies;
  }

  public List<Peer> aggregatorsOrEmpty() {
    return aggregators == null ? List.of() : aggregators;
  }

  /** The peers that may call {@code group}. */
  public List<Peer> serving(String group) {
    return aggregatorsOrEmpty().stream().filter(p -> p.routesOrEmpty().contains(group)).toList();
  }
}
