package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.flows.ussd.UssdState;
import org.keneya.gateway.Metrics;

/**
 * What the shells of the menus that read PINs (a collector's, a health centre's) share: their
 * sessions keep no text, which holds the PIN, only how many inputs were answered; a hop is run
 * through the menu's work until a screen comes; a PIN refused over a query string is reported.
 */
public final class PinMenuHops {
  private final UssdSessions sessions;
  private final PhoneScreens screens;
  private final PinChecks pinChecks;
  private final Metrics metrics;

  public PinMenuHops(UssdSessions sessions, PhoneScreens screens, PinChecks pinChecks, Metrics metrics) {
    this.sessions = sessions;
    this.screens = screens;
    this.pinChecks = pinChecks;
    this.metrics = metrics;
  }

  /** The answer {@code hop} got already, when the aggregator resends it to a session of state {@code type}. */
  public Optional<UssdService.Answer> resent(UssdService.Hop hop, Optional<UssdSession> existing, Class<? extends UssdState> type) {
    return existing.filter(session -> type.isInstance(session.state()) && hop.inputs() >= 0 && hop.inputs() <= session.inputs())
        .map(session -> UssdService.Answer.decode(session.lastAnswer()));
  }

  /** The state {@code hop} resumes a session from; empty when it opens one. */
  public <S extends UssdState> Optional<S> resumed(UssdService.Hop hop, Optional<UssdSession> existing, Class<S> type) {
    if (hop.latestInput() == null) return Optional.empty();
    return existing.filter(session -> !session.ended() && type.isInstance(session.state())).map(session -> type.cast(session.state()));
  }

  /** Does the work {@code turn} awaits, and the work after it, until the menu shows a screen (or hands over to the members' menu). */
  public static <S extends UssdState, W, O> Future<Turn<S, W>> settle(Turn<S, W> turn, Function<W, Future<O>> perform,
      BiFunction<S, O, Turn<S, W>> resume) {
    if (!(turn instanceof Turn.Await<S, W> await)) return Future.succeededFuture(turn);
    return perform.apply(await.work()).compose(outcome -> settle(resume.apply(await.state(), outcome), perform, resume));
  }

  /**
   * Answers {@code hop} with {@code shown} and keeps its state.
   *
   * @param kind "collector" or "centre", whose PIN {@code subject} is: said when a PIN screen was refused over a query string
   * @param outcomes the prefix of the hop's outcome in the metrics
   */
  public Future<UssdService.Answer> answer(UssdService.Hop hop, Turn.Show<?, ?> shown, String kind, String subject, String outcomes) {
    if (shown.pinRefusedOverGet()) pinChecks.refusedOverGet(kind, subject);
    UssdService.Answer answer = new UssdService.Answer(screens.forPhone(hop, shown.state().language(), shown.screen()), shown.end());
    UssdSession next = new UssdSession(hop.key(), hop.caller().e164(), shown.state(), "", answer.encoded(), answer.end(),
        Math.max(hop.inputs(), 0));
    return sessions.save(next).map(x -> {
      metrics.ussdHop(outcomes + (answer.end() ? "end" : "continue"));
      return answer;
    });
  }
}
