package org.keneya.gateway.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keneya.config.Cidr;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.PeersConfig;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.PeerAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an aggregator's route be called only by an aggregator configured for its group
 * ({@code peers.aggregators}): the phone number a peer names is only as true as the peer. A peer
 * shows its secret as the last segment of its registered URL ({@code /ussd/at/<secret>}) or as HTTP
 * Basic (user = its id), and/or calls from one of its {@code allowFrom} ranges; when it has both, both
 * must hold. Secrets are compared in constant time, against every peer, so that timing tells nothing.
 */
public final class PeerGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PeerGuard.class);
  /** The path parameter carrying a peer's secret. */
  static final String SECRET_PARAM = "peerSecret";

  private record Known(PeersConfig.Peer peer, byte[] secretDigest, List<Cidr> ranges) {}

  record Credentials(String pathSecret, String basicUser, String basicPassword) {}

  private final KeneyaConfig config;
  private final SourceAddress sources;
  private final Metrics metrics;
  private final Map<String, List<Known>> byGroup = new ConcurrentHashMap<>();
  private final RefusalLog refusals = new RefusalLog();

  public PeerGuard(KeneyaConfig config, Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    PeersConfig peers = config.peers() == null ? new PeersConfig(List.of(), List.of()) : config.peers();
    this.sources = new SourceAddress(peers.trustedProxiesOrEmpty());
    for (String group : PeersConfig.ROUTE_GROUPS) {
      byGroup.put(group, peers.serving(group).stream()
          .map(p -> new Known(p, p.hasSecret() ? digest(p.secret()) : null, p.allowFromOrEmpty().stream().map(r -> Cidr.parse(r).orElseThrow()).toList()))
          .toList());
    }
  }

  public SourceAddress sources() {
    return sources;
  }

  /**
   * The routes of {@code path} for {@code group}: the path itself and the path followed by a
   * secret segment, each guarded before anything else runs.
   */
  public List<Route> routes(Router router, String group, HttpMethod method, String path) {
    Route plain = router.route(method, path).handler(new Check(group));
    Route withSecret = router.route(method, path + "/:" + SECRET_PARAM).handler(new Check(group));
    return List.of(plain, withSecret);
  }

  /** A platform handler runs before the body is read: a stranger's body is never taken in. */
  private final class Check implements PlatformHandler {
    private final String group;

    Check(String group) {
      this.group = group;
    }

    @Override
    public void handle(RoutingContext ctx) {
      check(ctx, group);
    }
  }

  private void check(RoutingContext ctx, String group) {
    List<Known> peers = byGroup.getOrDefault(group, List.of());
    if (peers.isEmpty() && config.simulator() != null && config.simulator().enabled()) {
      // The demo with no aggregator configured: the start-up checks keep this out of production.
      ctx.next();
      return;
    }
    // Where the call comes from matters only to peers with address ranges, and for the log of a refusal.
    String source = peers.stream().anyMatch(k -> !k.ranges().isEmpty()) ? sources.of(ctx.request()) : null;
    Credentials given = credentials(ctx);
    byte[] givenSecretDigest = given.pathSecret() != null ? digest(given.pathSecret())
        : given.basicPassword() != null ? digest(given.basicPassword()) : null;
    String accepted = null;
    boolean anySecretMatched = false;
    for (Known known : peers) {
      boolean secretHolds = true;
      if (known.secretDigest() != null) {
        boolean userHolds = given.pathSecret() != null || known.peer().id().equals(given.basicUser());
        // Compared with every peer's whatever the outcome: how long this takes says nothing of which was close.
        secretHolds = givenSecretDigest != null & MessageDigest.isEqual(known.secretDigest(), givenSecretDigest == null ? new byte[32] : givenSecretDigest)
            & userHolds;
        anySecretMatched |= secretHolds;
      }
      boolean addressHolds = known.ranges().isEmpty() || known.ranges().stream().anyMatch(r -> r.contains(source));
      if (secretHolds && addressHolds && accepted == null) accepted = known.peer().id();
    }
    if (accepted != null) {
      ctx.put("peer", accepted);
      ctx.next();
      return;
    }
    String reason = givenSecretDigest == null ? "no_credentials" : anySecretMatched ? "address_not_allowed" : "bad_credentials";
    metrics.edgeRefusal(group, reason);
    logOnce(group, reason, source != null ? source : sources.of(ctx.request()), ctx);
    ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"keneya-" + group + "\", charset=\"UTF-8\"");
    PeerAnswers.outcome(ctx, 401, "unauthorized", "this route answers only the aggregators configured for it");
  }

  private void logOnce(String group, String reason, String source, RoutingContext ctx) {
    if (!refusals.first(group, source)) return;
    LOG.warn("refused a call to the {} routes from {}: {} ({} {}); further refusals from there are counted, logged again in a minute",
        group, source, reason, ctx.request().method(), routeTemplate(ctx));
  }

  /** The route as registered, never the path as sent: a secret in the path must not reach the log. */
  private static String routeTemplate(RoutingContext ctx) {
    String path = ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
    return path == null ? "?" : path;
  }

  /** The request's path with a peer's secret segment masked, for the log. */
  public static String pathForLog(RoutingContext ctx) {
    String path = ctx.request().path();
    String secret = ctx.pathParam(SECRET_PARAM);
    return secret == null || secret.isEmpty() ? path : path.replace(secret, "***");
  }

  private static Credentials credentials(RoutingContext ctx) {
    String pathSecret = ctx.pathParam(SECRET_PARAM);
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) return new Credentials(pathSecret, decoded.substring(0, colon), decoded.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        // Not Base64: no credentials.
      }
    }
    return new Credentials(pathSecret, null, null);
  }

  private static byte[] digest(String secret) {
    try {
      // Digests have one length whatever the secret's: the comparison's time does not reveal it.
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
