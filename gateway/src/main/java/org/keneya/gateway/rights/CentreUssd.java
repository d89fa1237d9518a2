package org.keneya.gateway.rights;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import org.keneya.adapters.pg.PgPins;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.MemberNumbers;
import org.keneya.flows.ports.SessionStore;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdReply;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.gateway.ussd.PinChecks;

/**
 * The rights check of a health centre calling from a registered phone. By USSD the service code
 * asks for the centre's PIN (set by an administrator; a centre without one is told to ask its
 * mutual), then for a member number, and answers whether that person (or each person of that
 * household) is covered today. The session remembers that the PIN passed, never the PIN. Digits
 * alone are read in the centre's first mutual (see {@link MemberNumbers}).
 */
public final class CentreUssd {
  /** A screen and whether the session goes on. */
  public record Screen(String text, boolean end) {}

  private final RightsChecks checks;
  private final KeneyaConfig config;
  private final Messages messages;
  private final SessionStore sessions;
  private final PgPins pins;
  private final PinChecks pinChecks;

  public CentreUssd(RightsChecks checks, KeneyaConfig config, Messages messages, SessionStore sessions, PgPins pins, PinChecks pinChecks) {
    this.checks = checks;
    this.config = config;
    this.messages = messages;
    this.sessions = sessions;
    this.pins = pins;
    this.pinChecks = pinChecks;
  }

  /**
   * One USSD hop of a centre's session {@code sessionKey}: {@code input} is what was typed (null on
   * the first hop), {@code hops} counts the inputs of a cumulative protocol (a resent hop gets the
   * same answer), or -1 when the protocol sends only the latest. Without {@code pinsAllowed} (the
   * hop came in a query string) no PIN is asked for or read.
   */
  public Future<Screen> ussd(KeneyaConfig.HealthCentre centre, String sessionKey, String caller, String input, int hops, boolean pinsAllowed) {
    String key = "centre:" + sessionKey;
    String language = Messages.DEFAULT_LANGUAGE;
    return Future.fromCompletionStage(sessions.load(key)).compose(found -> {
      // lastText holds "asked:<hops>" until the PIN passes, then "passed:<hops>".
      Optional<String[]> step = found.map(s -> s.lastText().split(":", 2));
      if (found.isPresent() && hops >= 0 && hops <= Integer.parseInt(step.get()[1])) {
        String last = found.get().lastAnswer();
        return Future.succeededFuture(new Screen(last.substring(4), last.startsWith("END")));
      }
      boolean opening = input == null || found.isEmpty() || found.get().ended();
      boolean passed = !opening && step.get()[0].equals("passed");
      if (passed) {
        return answer(centre, input, "ussd").compose(screen -> save(key, caller, "passed", hops, screen));
      }
      return pins.centrePinHash(centre.id()).compose(hash -> {
        if (hash.isEmpty()) return Future.succeededFuture(new Screen(messages.text(language, "ussd.centre.noPin"), true));
        if (!pinsAllowed) {
          pinChecks.refusedOverGet("centre", PgPins.centre(centre.id()));
          return Future.succeededFuture(new Screen(messages.text(language, "ussd.pinOverGet"), true));
        }
        if (opening) {
          return save(key, caller, "asked", hops, new Screen(messages.text(language, "ussd.centre.askPin", Map.of("centre", centre.name())), false));
        }
        return pinChecks.check("centre", PgPins.centre(centre.id()), input.strip(), hash.get(),
                newHash -> pins.upgradeCentrePin(centre.id(), hash.get(), newHash))
            .compose(outcome -> {
              if (outcome instanceof PinChecks.Outcome.Passed) {
                return save(key, caller, "passed", hops, new Screen(messages.text(language, "ussd.centre.ask", Map.of("centre", centre.name())), false));
              }
              if (outcome instanceof PinChecks.Outcome.Wrong wrong) {
                return save(key, caller, "asked", hops, new Screen(messages.text(language, "ussd.centre.wrongPin",
                    Map.of("failures", wrong.failures(), "attempts", PgPins.FREE_ATTEMPTS)), false));
              }
              return Future.succeededFuture(new Screen(messages.text(language, "ussd.centre.delayed",
                  Map.of("time", pinChecks.time(((PinChecks.Outcome.Delayed) outcome).until()))), true));
            });
      });
    });
  }

  private Future<Screen> save(String key, String caller, String step, int hops, Screen screen) {
    UssdSession session = new UssdSession(key, caller, MenuState.initial(Messages.DEFAULT_LANGUAGE), step + ":" + Math.max(hops, 0),
        (screen.end() ? "END " : "CON ") + screen.text(), screen.end());
    return Future.fromCompletionStage(sessions.save(session, Duration.ofSeconds(config.ussd().sessionTtlSeconds()))).map(screen);
  }

  /**
   * @param input what the centre typed, null on the session's first hop
   * @param channel how it asked ("ussd", "sms"), for the audit log
   */
  public Future<Screen> answer(KeneyaConfig.HealthCentre centre, String input, String channel) {
    String language = Messages.DEFAULT_LANGUAGE;
    if (input == null || input.isBlank()) {
      return Future.succeededFuture(new Screen(messages.text(language, "ussd.centre.ask", Map.of("centre", centre.name())), false));
    }
    String code = config.mutual(centre.mutuals().get(0)).map(m -> m.code()).orElse("");
    Optional<String> number = MemberNumbers.read(input, code);
    if (number.isEmpty()) {
      return Future.succeededFuture(new Screen(messages.text(language, "ussd.centre.unreadable",
          Map.of("serviceCode", config.ussd().serviceCode())), true));
    }
    return checks.check(centre, number.get(), channel).map(found -> {
      if (found.isEmpty() || found.get().persons().isEmpty()) {
        return new Screen(messages.text(language, "ussd.centre.unknown", Map.of("number", number.get())), true);
      }
      List<RightsChecks.PersonRights> persons = found.get().persons();
      if (persons.size() == 1) {
        RightsChecks.PersonRights person = persons.get(0);
        return new Screen(fit(List.of(person.member().memberNumber() + " " + person.member().name(),
            messages.rights(language, person.status()))), true);
      }
      List<String> lines = new ArrayList<>();
      lines.add(number.get());
      for (RightsChecks.PersonRights person : persons) {
        String suffix = person.member().memberNumber().substring(person.member().memberNumber().length() - 2);
        lines.add(suffix + " " + firstName(person.member().name()) + ": "
            + messages.text(language, "ussd.centre.short." + person.status().code()));
      }
      return new Screen(fit(lines), true);
    });
  }

  private static String firstName(String name) {
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** As many lines as a screen holds; "…" says some were left out (the person's own number shows them). */
  private static String fit(List<String> lines) {
    StringBuilder screen = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String next = (i == 0 ? "" : "\n") + lines.get(i);
      if (screen.length() + next.length() > UssdReply.MAX_SCREEN - 2) {
        screen.append("\n…");
        break;
      }
      screen.append(next);
    }
    return screen.length() > UssdReply.MAX_SCREEN ? screen.substring(0, UssdReply.MAX_SCREEN) : screen.toString();
  }
}
