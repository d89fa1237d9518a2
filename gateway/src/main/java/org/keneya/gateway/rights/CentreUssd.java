package org.keneya.gateway.rights;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.MemberNumbers;
import org.keneya.flows.ussd.UssdReply;

/**
 * The USSD rights check of a health centre calling from a registered phone: the service code asks
 * for a member number, the next hop answers whether that person (or each person of that household)
 * is covered today. Digits alone are read in the centre's first mutual (see {@link MemberNumbers}).
 */
public final class CentreUssd {
  /** A screen and whether the session goes on. */
  public record Screen(String text, boolean end) {}

  private final RightsChecks checks;
  private final KeneyaConfig config;
  private final Messages messages;

  public CentreUssd(RightsChecks checks, KeneyaConfig config, Messages messages) {
    this.checks = checks;
    this.config = config;
    this.messages = messages;
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
