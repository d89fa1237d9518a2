package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.Effect;
import org.keneya.flows.ussd.UssdContext;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.flows.ussd.UssdReply;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.Views;
import org.keneya.gateway.payments.PaymentService;
import org.keneya.gateway.payments.Wallets;
import org.keneya.gateway.rights.CentreUssd;
import org.keneya.gateway.rights.RightsChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around the menu engine, whatever the aggregator protocol: loads the
 * session and the caller's household, runs the engine, records a payment before answering, and
 * asks the wallet after answering. Resent hops get the answer they got the first time.
 */
public final class UssdService {
  private static final Logger LOG = LoggerFactory.getLogger(UssdService.class);
  /** Receipts a member can page through and have sent by SMS. */
  private static final int RECEIPTS_SHOWN = 5;
  /** How old the household shown within a session may be (see {@link SessionHouseholds}). */
  private static final long HOUSEHOLD_MAX_AGE_MILLIS = 60_000;

  private final UssdEngine engine;
  private final Messages messages;
  private final SessionStore sessions;
  private final RateLimiter rateLimiter;
  private final HouseholdStore households;
  private final OutboxStore outbox;
  private final PaymentService payments;
  private final KeneyaConfig config;
  private final Wallets wallets;
  private final RightsChecks rightsChecks;
  private final CentreUssd centres;
  private final Clock clock;
  private final Metrics metrics;
  private final SessionHouseholds sessionHouseholds;
  private final org.keneya.gateway.collectors.CollectorDirectory collectorDirectory;
  private final org.keneya.gateway.collectors.CollectorUssd collectorMenu;
  private final org.keneya.adapters.pg.PgCollectors collectors;
  private final org.keneya.gateway.collectors.CashDeposits cashDeposits;

  public UssdService(UssdEngine engine, Messages messages, SessionStore sessions, RateLimiter rateLimiter, HouseholdStore households,
      OutboxStore outbox, PaymentService payments, Wallets wallets, RightsChecks rightsChecks, CentreUssd centres, KeneyaConfig config,
      Clock clock, Metrics metrics, org.keneya.gateway.collectors.CollectorDirectory collectorDirectory,
      org.keneya.gateway.collectors.CollectorUssd collectorMenu, org.keneya.adapters.pg.PgCollectors collectors,
      org.keneya.gateway.collectors.CashDeposits cashDeposits) {
    this.cashDeposits = cashDeposits;
    this.collectorDirectory = collectorDirectory;
    this.collectorMenu = collectorMenu;
    this.collectors = collectors;
    this.engine = engine;
    this.rightsChecks = rightsChecks;
    this.centres = centres;
    this.messages = messages;
    this.sessions = sessions;
    this.rateLimiter = rateLimiter;
    this.households = households;
    this.outbox = outbox;
    this.payments = payments;
    this.config = config;
    this.wallets = wallets;
    this.clock = clock;
    this.metrics = metrics;
    this.sessionHouseholds = new SessionHouseholds(HOUSEHOLD_MAX_AGE_MILLIS, clock);
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
    String key() {
      return channel + ":" + sessionId;
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
    Future<String> claimed = opening ? claim(hop) : Future.succeededFuture(null);
    Future<Optional<UssdSession>> loaded = Future.fromCompletionStage(sessions.load(hop.key()));
    Future<Boolean> allowed = withinRateLimit(hop);
    return Future.all(claimed, loaded, allowed)
        .compose(all -> claimed.result() != null ? Future.succeededFuture(claimed.result())
            : loaded.result().isPresent() ? Future.succeededFuture(loaded.result().get().msisdn()) : claim(hop))
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
          String language = existing.map(session -> session.state().language()).orElse(Messages.DEFAULT_LANGUAGE);
          if (!allowed.result()) {
            metrics.ussdHop("rate_limited");
            return Future.succeededFuture(new Answer(forPhone(hop, language, messages.text(language, "ussd.tooManyRequests")), true));
          }
          Optional<KeneyaConfig.HealthCentre> centre = rightsChecks.centreCalling(hop.caller().e164());
          if (centre.isPresent()) return centreAnswer(hop, centre.get());
          if (collectorDirectory.isCollector(hop.caller().e164())) return collectorAnswer(hop, existing);
          return memberAnswer(hop, existing, false);
        })
        .recover(e -> {
          if (e instanceof SessionTaken) return Future.failedFuture(e);
          metrics.ussdHop("unavailable");
          if (!(e instanceof SessionStoreDown)) LOG.error("ussd hop failed session={}", hop.sessionId(), e);
          String screen = messages.text(Messages.DEFAULT_LANGUAGE, "ussd.unavailable");
          return Future.succeededFuture(new Answer(forPhone(hop, Messages.DEFAULT_LANGUAGE, screen), true));
        });
  }

  /**
   * A collector's number gets the collector's menu; one who is also a member may switch to the
   * members' menu, which then answers the rest of the session. Collector hops carry PINs: their
   * text is never stored in the members' session store nor logged.
   */
  private Future<Answer> collectorAnswer(Hop hop, Optional<UssdSession> existing) {
    String input;
    int hops;
    if (hop.cumulative()) {
      int star = hop.text().lastIndexOf('*');
      input = hop.text().isEmpty() ? null : hop.text().substring(star + 1);
      hops = hop.text().isEmpty() ? 0 : hop.text().split("\\*", -1).length;
    } else {
      input = hop.begin() ? null : hop.text();
      hops = -1;
    }
    return collectors.findByMsisdn(hop.caller().e164()).compose(collector -> {
      if (collector.isEmpty()) return memberAnswer(hop, existing, false);
      return collectorMenu.answer(collector.get(), hop.key(), input, hops, hop.caller(), !hop.inQueryString())
          .compose(screen -> {
            if (!screen.asMember()) {
              metrics.ussdHop(screen.end() ? "collector_end" : "collector_continue");
              return Future.succeededFuture(new Answer(fit(forPhone(hop, Messages.DEFAULT_LANGUAGE, screen.text())), screen.end()));
            }
            // The hop that chose the members' menu opens it; the following ones continue it.
            return memberAnswer(hop, screen.opensMemberMenu() ? Optional.empty() : existing, screen.opensMemberMenu());
          });
    });
  }

  /**
   * The members' menus; {@code opening} starts them afresh (a collector switching to them), whatever
   * session this key had.
   */
  private Future<Answer> memberAnswer(Hop hop, Optional<UssdSession> existing, boolean opening) {
    if (!opening && hop.cumulative() && existing.isPresent() && !existing.get().ended() && isEarlierHop(existing.get().lastText(), hop.text())) {
      // An older hop delivered late: its input was already acted on; applying it again to the
      // current screen could confirm a payment nobody confirmed. The current screen is shown again.
      metrics.ussdHop("out_of_order");
      return Future.succeededFuture(Answer.decode(existing.get().lastAnswer()));
    }
    if (!opening && hop.cumulative() && existing.isPresent() && existing.get().lastText().equals(hop.text())) {
      metrics.ussdHop("resent");
      return Future.succeededFuture(Answer.decode(existing.get().lastAnswer()));
    }
    boolean opens = opening || existing.isEmpty() || existing.get().ended() || hop.begin();
    return sessionHouseholds.get(hop.key(), opens, () -> households.findByMsisdn(hop.caller(), RECEIPTS_SHOWN))
        .compose(household -> interrupted(hop, opens, household)
            .compose(interrupted -> answer(hop, opens ? Optional.empty() : existing, household, interrupted)));
  }

  /** A health centre's phone gets the rights check (after its PIN) instead of the members' menus. */
  private Future<Answer> centreAnswer(Hop hop, KeneyaConfig.HealthCentre centre) {
    String input;
    int hops;
    if (hop.cumulative()) {
      int star = hop.text().lastIndexOf('*');
      input = hop.text().isEmpty() ? null : hop.text().substring(star + 1);
      hops = hop.text().isEmpty() ? 0 : hop.text().split("\\*", -1).length;
    } else {
      input = hop.begin() ? null : hop.text();
      hops = -1;
    }
    return centres.ussd(centre, hop.key(), hop.caller().e164(), input, hops, !hop.inQueryString()).map(screen -> {
      metrics.ussdHop(screen.end() ? "end" : "continue");
      return new Answer(fit(forPhone(hop, Messages.DEFAULT_LANGUAGE, screen.text())), screen.end());
    });
  }

  /** Binds the hop's session to its number unless another number holds it; completes with the holder. */
  private Future<String> claim(Hop hop) {
    return Future.fromCompletionStage(sessions.claim(hop.key(), hop.caller().e164(), Duration.ofSeconds(config.ussd().sessionTtlSeconds())));
  }

  /** Counts the hop against its number's limit; true while under it (or when the limit is off). */
  private Future<Boolean> withinRateLimit(Hop hop) {
    KeneyaConfig.RateLimit limit = config.ussd().rateLimit();
    if (limit.hops() == 0) return Future.succeededFuture(true);
    return Future.fromCompletionStage(rateLimiter.count(hop.caller().e164(), Duration.ofSeconds(limit.windowSeconds())))
        .map(uses -> {
          // Logged once per window, when the limit is first passed, so that abuse cannot flood the log.
          if (uses == limit.hops() + 1) LOG.warn("rate limit passed by {}: over {} hops in {} s", hop.caller().masked(), limit.hops(), limit.windowSeconds());
          return uses <= limit.hops();
        });
  }

  /** The payment this caller left unfinished when an earlier session dropped, if a new session is opening. */
  private Future<MenuState> interrupted(Hop hop, boolean opening, Optional<HouseholdRecord> household) {
    if (!opening || household.isEmpty()) return Future.succeededFuture(null);
    return Future.fromCompletionStage(sessions.load(resumeKey(hop))).map(found -> found.map(UssdSession::state).orElse(null));
  }

  private Future<Answer> answer(Hop hop, Optional<UssdSession> existing, Optional<HouseholdRecord> household, MenuState interrupted) {
    LocalDate today = LocalDate.now(clock);
    UssdContext context = new UssdContext(config.ussd().serviceCode(), today,
        household.map(h -> Views.household(config, h)).orElse(null), config.ussd().helpContact(), wallets.offeredTo(hop.caller()),
        hop.networkCode());
    UssdReply reply;
    String text;
    if (existing.isEmpty()) {
      reply = engine.start(context, interrupted);
      text = hop.cumulative() ? hop.text() : "";
    } else {
      String previous = existing.get().lastText();
      String input = hop.cumulative() ? latestInput(previous, hop.text()) : hop.text();
      reply = engine.resume(existing.get().state(), input, context);
      text = hop.cumulative() ? hop.text() : previous.isEmpty() ? input : previous + "*" + input;
    }
    String language = reply.state().language();
    Future<Answer> answered = Future.succeededFuture(new Answer(fit(forPhone(hop, language, reply.screen())), reply.end()));
    for (Effect effect : reply.effects()) {
      if (effect instanceof Effect.RequestPayment pay) {
        // Recorded before we answer, asked of the wallet after: the answer never waits on the wallet.
        answered = answered.compose(answer -> payments.record(pay.householdId(), pay.beneficiaries(), pay.wallet(), hop.caller(), pay.quote(),
                pay.language(), hop.key())
            .map(intent -> {
              payments.request(intent);
              return answer;
            })
            .recover(e -> {
              if (!(e instanceof PaymentStore.PaymentAlreadyOpen)) return Future.failedFuture(e);
              // Another session of this household asked for a payment meanwhile: say so, ask nothing.
              metrics.payment(pay.wallet(), "refused_already_open");
              return Future.succeededFuture(new Answer(fit(forPhone(hop, language, messages.text(language, "ussd.pay.pendingElsewhere"))), true));
            }));
      } else if (effect instanceof Effect.AnswerDeposit deposit) {
        // Booked (or disputed) before we answer; the receipt or the dispute's answer follows by SMS.
        answered = answered.compose(answer -> cashDeposits.answer(deposit.code(), hop.caller().e164(), deposit.confirmed(), deposit.language(),
                "member-ussd")
            .compose(sms -> sms.isEmpty() ? Future.succeededFuture(answer)
                : outbox.enqueueSms("ussd-sms:" + hop.key() + ":deposit", hop.caller().e164(), sms.get()).map(answer)));
      } else if (effect instanceof Effect.SendSms sms) {
        // Queued before we answer, so that the screen's promise of an SMS holds; once per session.
        answered = answered.compose(answer -> outbox.enqueueSms("ussd-sms:" + hop.key() + ":" + sms.purpose(), hop.caller().e164(),
            sms.text()).map(answer));
      }
    }
    Duration ttl = Duration.ofSeconds(config.ussd().sessionTtlSeconds());
    return answered.compose(answer -> save(hop, existing, reply, text, answer, ttl));
  }

  private Future<Answer> save(Hop hop, Optional<UssdSession> existing, UssdReply reply, String text, Answer answer, Duration ttl) {
    UssdSession next = new UssdSession(hop.key(), hop.caller().e164(), reply.state(), text, answer.encoded(), answer.end());
    return Future.fromCompletionStage(sessions.save(next, ttl))
        .recover(e -> {
          if (answer.end()) {
            // The session is over anyway; a lost record only means a resent last hop starts afresh.
            LOG.warn("could not save ended session {}: {}", hop.sessionId(), e.toString());
            return Future.succeededFuture();
          }
          return Future.failedFuture(new SessionStoreDown(e));
        })
        .compose(x -> rememberUnfinishedPayment(hop, existing, reply, ttl))
        .map(x -> {
          if (answer.end()) sessionHouseholds.forget(hop.key());
          metrics.ussdHop(answer.end() ? "end" : "continue");
          return answer;
        });
  }

  /**
   * Keeps a payment in progress under the caller's number, so that a session that drops before
   * the payment is asked can be taken up again from a new one; forgets it once the payment is
   * asked, cancelled or declined. Best effort: losing it only loses the offer to resume.
   */
  private Future<Void> rememberUnfinishedPayment(Hop hop, Optional<UssdSession> existing, UssdReply reply, Duration ttl) {
    MenuState.Step before = existing.map(session -> session.state().step()).orElse(null);
    boolean unfinished = reply.state().step().payment() && !reply.end();
    Future<Void> done;
    if (unfinished) {
      done = Future.fromCompletionStage(sessions.save(
          new UssdSession(resumeKey(hop), hop.caller().e164(), reply.state(), "", "", false), ttl));
    } else if (before != null && (before.payment() || before == MenuState.Step.RESUME)) {
      done = Future.fromCompletionStage(sessions.delete(resumeKey(hop)));
    } else {
      return Future.succeededFuture();
    }
    return done.recover(e -> {
      LOG.warn("could not keep the unfinished payment of {}: {}", hop.caller().masked(), e.toString());
      return Future.succeededFuture();
    });
  }

  private static String resumeKey(Hop hop) {
    return "resume:" + hop.caller().e164();
  }

  /** The screen in the spelling the caller's network can display. */
  private String forPhone(Hop hop, String language, String screen) {
    return config.ussd().alphabet(hop.networkCode()) == KeneyaConfig.Alphabet.GSM7 ? messages.gsm7(language, screen) : screen;
  }

  /** The network closed the session: a later hop with the same id starts afresh. */
  public Future<Void> closed(String channel, String sessionId) {
    String key = channel + ":" + sessionId;
    return Future.fromCompletionStage(sessions.load(key))
        .compose(existing -> existing.isEmpty() ? Future.<Void>succeededFuture() : Future.fromCompletionStage(sessions.save(
            new UssdSession(key, existing.get().msisdn(), existing.get().state(), existing.get().lastText(),
                existing.get().lastAnswer(), true), Duration.ofSeconds(config.ussd().sessionTtlSeconds()))))
        .recover(e -> {
          LOG.warn("could not close session {}: {}", key, e.toString());
          return Future.succeededFuture();
        });
  }

  /** Whether cumulative {@code text} is a hop before the one answered last ({@code lastText} extends it). */
  static boolean isEarlierHop(String lastText, String text) {
    return text.isEmpty() ? !lastText.isEmpty() : lastText.startsWith(text + "*");
  }

  /**
   * The caller's newest input: what {@code text} adds to the text already answered; when it does
   * not extend it (an aggregator that trims or rewrites the text), its last segment.
   */
  static String latestInput(String previousText, String text) {
    if (previousText.isEmpty()) return text;
    if (text.startsWith(previousText + "*")) return text.substring(previousText.length() + 1);
    int star = text.lastIndexOf('*');
    return star < 0 ? text : text.substring(star + 1);
  }

  private String fit(String screen) {
    if (screen.length() <= UssdReply.MAX_SCREEN) return screen;
    LOG.error("screen longer than {} characters was cut; fix the message catalogue: {}", UssdReply.MAX_SCREEN, screen.length());
    return screen.substring(0, UssdReply.MAX_SCREEN);
  }

  /** A hop named another number than the one that opened its session. */
  public static final class SessionTaken extends RuntimeException {
    public static final String REASON = "this USSD session was opened by another phone number; a session cannot change numbers";

    SessionTaken() {
      super(REASON, null, false, false);
    }
  }

  static final class SessionStoreDown extends RuntimeException {
    SessionStoreDown(Throwable cause) {
      super(cause);
    }
  }
}
