package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.util.Optional;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.collectors.CollectorUssd;
import org.keneya.gateway.rights.CentreUssd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One USSD hop, whatever the aggregator protocol: binds the session to the number that opened it,
 * counts the hop against the number's limit, and hands it to the menu of the caller's kind: a
 * health centre's rights check ({@link CentreUssd}), a collector's menu ({@link CollectorUssd}),
 * or the members' ({@link MemberHops}), which a collector may switch to.
 */
public final class UssdService {
  private static final Logger LOG = LoggerFactory.getLogger(UssdService.class);

  private final UssdSessions sessions;
  private final HopLimit limit;
  private final PhoneScreens screens;
  private final Metrics metrics;
  private final MemberHops members;
  private final CollectorUssd collectors;
  private final CentreUssd centres;

  public UssdService(UssdSessions sessions, HopLimit limit, PhoneScreens screens, Metrics metrics, MemberHops members, CollectorUssd collectors,
      CentreUssd centres) {
    this.sessions = sessions;
    this.limit = limit;
    this.screens = screens;
    this.metrics = metrics;
    this.members = members;
    this.collectors = collectors;
    this.centres = centres;
  }

  /**
   * One hop. With {@code cumulative}, {@code text} holds every input of the session so far joined
   * by '*' (Africa's Talking); otherwise it is the latest input only, and {@code begin} marks the
   * first hop of a session.
   *
   * @param networkCode the caller's network as the aggregator names it, null when not given
   * @param inQueryString the hop came as a URL's query string (freeflow GET), which proxies and
   *     servers log: no PIN is asked for or read from it
   */
  public record Hop(String channel, String sessionId, Msisdn caller, String networkCode, String text, boolean cumulative, boolean begin,
      boolean inQueryString) {
    /** The session's key in the store: aggregators' session ids only need to be unique per aggregator. */
    public String key() {
      return channel + ":" + sessionId;
    }

    /**
     * The latest input, for the menus that keep no text (see {@link UssdSession#inputs}): the last
     * segment of a cumulative text; null on a session's first hop.
     */
    public String latestInput() {
      if (!cumulative) return begin ? null : text;
      return text.isEmpty() ? null : text.substring(text.lastIndexOf('*') + 1);
    }

    /** How many inputs a cumulative text holds; -1 when the protocol sends only the latest. */
    public int inputs() {
      if (!cumulative) return -1;
      return text.isEmpty() ? 0 : text.split("\\*", -1).length;
    }
  }

  /** The answer: the screen and whether the session goes on. */
  public record Answer(String screen, boolean end) {
    public String encoded() {
      return (end ? "END " : "CON ") + screen;
    }

    static Answer decode(String encoded) {
      return new Answer(encoded.substring(4), encoded.startsWith("END"));
    }
  }

  /**
   * Fails with {@link SessionTaken} when the hop names another number than the one that opened its
   * session: nothing is then done, whatever the hop asks.
   */
  public Future<Answer> handle(Hop hop) {
    // The session is bound to the number of its first hop, atomically: no later hop can act as another number.
    // A session already saved names its number; only a hop that finds none must claim the session, and a hop
    // that says it opens one claims it at once rather than after the load.
    boolean opening = hop.begin() || (hop.cumulative() && hop.text().isEmpty());
    Future<String> claimed = opening ? sessions.claim(hop.key(), hop.caller().e164()) : Future.succeededFuture(null);
    Future<Optional<UssdSession>> loaded = sessions.load(hop.key());
    Future<Boolean> allowed = limit.allows(hop.caller());
    return Future.all(claimed, loaded, allowed)
        .compose(all -> claimed.result() != null ? Future.succeededFuture(claimed.result())
            : loaded.result().isPresent() ? Future.succeededFuture(loaded.result().get().msisdn())
            : sessions.claim(hop.key(), hop.caller().e164()))
        .recover(e -> {
          LOG.error("session store unavailable: {}", e.toString());
          return Future.failedFuture(new SessionStoreDown(e));
        })
        .compose(owner -> {
          if (!owner.equals(hop.caller().e164())) {
            metrics.ussdHop("session_hijack");
            LOG.warn("USSD hop refused: a {} session opened by {} was continued naming {}", hop.channel(), new Msisdn(owner).masked(),
                hop.caller().masked());
            return Future.failedFuture(new SessionTaken());
          }
          Optional<UssdSession> existing = loaded.result();
          if (!allowed.result()) {
            metrics.ussdHop("rate_limited");
            String language = existing.map(session -> session.state().language()).orElse(Messages.DEFAULT_LANGUAGE);
            return Future.succeededFuture(new Answer(screens.text(hop, language, "ussd.tooManyRequests"), true));
          }
          return route(hop, existing);
        })
        .recover(e -> {
          if (e instanceof SessionTaken) return Future.failedFuture(e);
          metrics.ussdHop("unavailable");
          if (!(e instanceof SessionStoreDown)) LOG.error("ussd hop failed session={}", hop.sessionId(), e);
          return Future.succeededFuture(new Answer(screens.text(hop, Messages.DEFAULT_LANGUAGE, "ussd.unavailable"), true));
        });
  }

  /**
   * To the menu of the caller's kind. A collector's session that switched to the members' menu
   * stays there; the members' menu only ever continues a members' session.
   */
  private Future<Answer> route(Hop hop, Optional<UssdSession> existing) {
    Optional<KeneyaConfig.HealthCentre> centre = centres.calling(hop.caller());
    if (centre.isPresent()) return centres.hop(hop, centre.get(), existing);
    Optional<UssdSession> members = existing.filter(session -> session.state() instanceof MenuState);
    if (collectors.calling(hop.caller()) && members.filter(session -> !session.ended()).isEmpty()) {
      return collectors.hop(hop, existing).compose(answer -> answer.isPresent() ? Future.succeededFuture(answer.get())
          : this.members.hop(hop, Optional.empty(), true));
    }
    return this.members.hop(hop, members, false);
  }

  /** The network closed the session: a later hop with the same id starts afresh. */
  public Future<Void> closed(String channel, String sessionId) {
    String key = channel + ":" + sessionId;
    return sessions.load(key)
        .compose(existing -> existing.isEmpty() ? Future.<Void>succeededFuture() : sessions.save(new UssdSession(key, existing.get().msisdn(),
            existing.get().state(), existing.get().lastText(), existing.get().lastAnswer(), true, existing.get().inputs())))
        .recover(e -> {
          LOG.warn("could not close session {}: {}", key, e.toString());
          return Future.succeededFuture();
        });
  }

  /** A hop named another number than the one that opened its session. */
  public static final class SessionTaken extends RuntimeException {
    public static final String REASON = "this USSD session was opened by another phone number; a session cannot change numbers";

    SessionTaken() {
      super(REASON, null, false, false);
    }
  }

  /** The session store failed: the caller is told the service is unavailable, and nothing more is logged. */
  static final class SessionStoreDown extends RuntimeException {
    SessionStoreDown(Throwable cause) {
      super(cause);
    }
  }
}
