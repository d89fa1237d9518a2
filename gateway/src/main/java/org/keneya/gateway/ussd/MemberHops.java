package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.util.Optional;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdContext;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.flows.ussd.UssdReply;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell of the members' menu ({@link UssdEngine}): reads the caller's household, runs the
 * engine, carries out its effects ({@link MemberEffects}) and keeps the session. Resent hops get
 * the answer they got the first time; a hop delivered late, the current screen.
 */
public final class MemberHops {
  private static final Logger LOG = LoggerFactory.getLogger(MemberHops.class);

  private final UssdEngine engine;
  private final UssdSessions sessions;
  private final MemberContexts contexts;
  private final MemberEffects effects;
  private final PhoneScreens screens;
  private final Metrics metrics;

  public MemberHops(UssdEngine engine, UssdSessions sessions, MemberContexts contexts, MemberEffects effects, PhoneScreens screens,
      Metrics metrics) {
    this.engine = engine;
    this.sessions = sessions;
    this.contexts = contexts;
    this.effects = effects;
    this.screens = screens;
    this.metrics = metrics;
  }

  /**
   * One hop of the members' menu, in the session {@code existing} (a member's, if any);
   * {@code opening} starts the menu afresh (a collector switching to it), whatever session this key had.
   */
  Future<UssdService.Answer> hop(UssdService.Hop hop, Optional<UssdSession> existing, boolean opening) {
    if (!opening && hop.cumulative() && existing.isPresent() && !existing.get().ended() && isEarlierHop(existing.get().lastText(), hop.text())) {
      // An older hop delivered late: its input was already acted on; applying it again to the
      // current screen could confirm a payment nobody confirmed. The current screen is shown again.
      metrics.ussdHop("out_of_order");
      return Future.succeededFuture(UssdService.Answer.decode(existing.get().lastAnswer()));
    }
    if (!opening && hop.cumulative() && existing.isPresent() && existing.get().lastText().equals(hop.text())) {
      metrics.ussdHop("resent");
      return Future.succeededFuture(UssdService.Answer.decode(existing.get().lastAnswer()));
    }
    boolean opens = opening || existing.isEmpty() || existing.get().ended() || hop.begin();
    return contexts.household(hop, opens)
        .compose(household -> interrupted(hop, opens, household)
            .compose(interrupted -> answer(hop, opens ? Optional.empty() : existing, household, interrupted)));
  }

  /** The payment this caller left unfinished when an earlier session dropped, if a new session is opening. */
  private Future<MenuState> interrupted(UssdService.Hop hop, boolean opening, Optional<HouseholdRecord> household) {
    if (!opening || household.isEmpty()) return Future.succeededFuture(null);
    return sessions.load(resumeKey(hop)).map(found -> found.map(session -> (MenuState) session.state()).orElse(null));
  }

  private Future<UssdService.Answer> answer(UssdService.Hop hop, Optional<UssdSession> existing, Optional<HouseholdRecord> household,
      MenuState interrupted) {
    UssdContext context = contexts.context(hop, household);
    UssdReply reply;
    String text;
    if (existing.isEmpty()) {
      reply = engine.start(context, interrupted);
      text = hop.cumulative() ? hop.text() : "";
    } else {
      String previous = existing.get().lastText();
      String input = hop.cumulative() ? latestInput(previous, hop.text()) : hop.text();
      reply = engine.resume((MenuState) existing.get().state(), input, context);
      text = hop.cumulative() ? hop.text() : previous.isEmpty() ? input : previous + "*" + input;
    }
    UssdService.Answer answer = new UssdService.Answer(screens.forPhone(hop, reply.state().language(), reply.screen()), reply.end());
    return effects.run(hop, reply, answer).compose(given -> save(hop, existing, reply, text, given));
  }

  private Future<UssdService.Answer> save(UssdService.Hop hop, Optional<UssdSession> existing, UssdReply reply, String text,
      UssdService.Answer answer) {
    UssdSession next = new UssdSession(hop.key(), hop.caller().e164(), reply.state(), text, answer.encoded(), answer.end());
    return sessions.save(next)
        .compose(x -> rememberUnfinishedPayment(hop, existing, reply))
        .map(x -> {
          if (answer.end()) contexts.forget(hop);
          metrics.ussdHop(answer.end() ? "end" : "continue");
          return answer;
        });
  }

  /**
   * Keeps a payment in progress under the caller's number, so that a session that drops before
   * the payment is asked can be taken up again from a new one; forgets it once the payment is
   * asked, cancelled or declined. Best effort: losing it only loses the offer to resume.
   */
  private Future<Void> rememberUnfinishedPayment(UssdService.Hop hop, Optional<UssdSession> existing, UssdReply reply) {
    MenuState.Step before = existing.map(session -> ((MenuState) session.state()).step()).orElse(null);
    boolean unfinished = reply.state().step().payment() && !reply.end();
    Future<Void> done;
    if (unfinished) {
      done = sessions.save(new UssdSession(resumeKey(hop), hop.caller().e164(), reply.state(), "", "", false));
    } else if (before != null && (before.payment() || before == MenuState.Step.RESUME)) {
      done = sessions.delete(resumeKey(hop));
    } else {
      return Future.succeededFuture();
    }
    return done.recover(e -> {
      LOG.warn("could not keep the unfinished payment of {}: {}", hop.caller().masked(), e.toString());
      return Future.succeededFuture();
    });
  }

  private static String resumeKey(UssdService.Hop hop) {
    return "resume:" + hop.caller().e164();
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
}
