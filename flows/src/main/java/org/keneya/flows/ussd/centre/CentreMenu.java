package org.keneya.flows.ussd.centre;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.MemberNumbers;
import org.keneya.flows.ussd.PinCheck;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.UssdScreen;
import org.keneya.flows.ussd.centre.CentreState.Step;

/**
 * The rights check of a health centre calling from a registered phone, as a pure state machine:
 * the centre's PIN first (a centre without one is told to ask its mutual), then a member number,
 * answered with whether that person, or each person of that household, is covered today. French,
 * or Bambara by "0" on the PIN screen ("0" is never a PIN). The PIN check and the rights are asked
 * of the shell as {@link CentreWork}, their {@link CentreOutcome} fed back. Over a query string no
 * PIN is asked for or read.
 */
public final class CentreMenu {
  /** On the PIN screen: the other language ("0" is never a PIN, which has 4 to 6 digits). */
  static final String OTHER_LANGUAGE = "0";
  /** Ends a list of persons cut short: the person's own number shows the rest. */
  static final String MORE = "\n...";

  private final Messages messages;

  public CentreMenu(Messages messages) {
    this.messages = messages;
  }

  public Turn<CentreState, CentreWork> start(CentreContext context) {
    return askPin(new CentreState(Step.PIN, Messages.DEFAULT_LANGUAGE), context);
  }

  /** The centre typed {@code input} at {@code state}'s step. */
  public Turn<CentreState, CentreWork> resume(CentreState state, String input, CentreContext context) {
    String typed = input.strip();
    if (state.step() == Step.MEMBER_NUMBER) return memberNumber(state, typed, context);
    Turn<CentreState, CentreWork> refused = refused(state, context);
    if (refused != null) return refused;
    if (typed.equals(OTHER_LANGUAGE)) return askPin(new CentreState(Step.PIN, Messages.switched(state.language())), context);
    return new Turn.Await<>(new CentreWork.CheckPin(typed), state);
  }

  /** The shell did the work asked for at {@code state}: the check goes on from its outcome. */
  public Turn<CentreState, CentreWork> resume(CentreState state, CentreOutcome outcome, CentreContext context) {
    if (outcome instanceof CentreOutcome.RightsRead rights) return rights(state, rights);
    PinCheck check = ((CentreOutcome.PinChecked) outcome).check();
    if (check instanceof PinCheck.Passed) return ask(state.at(Step.MEMBER_NUMBER), context);
    if (check instanceof PinCheck.Wrong wrong) {
      return show(state, false, "ussd.centre.wrongPin", Map.of("failures", wrong.failures(), "attempts", wrong.attempts()));
    }
    PinCheck.Delayed delayed = (PinCheck.Delayed) check;
    return show(state, true, "ussd.centre.delayed", Map.of("time", Messages.time(delayed.until().atZoneSameInstant(context.zone()))));
  }

  private Turn<CentreState, CentreWork> askPin(CentreState state, CentreContext context) {
    Turn<CentreState, CentreWork> refused = refused(state, context);
    return refused != null ? refused : show(state, false, "ussd.centre.askPin", Map.of("centre", context.centreName()));
  }

  /** Why no PIN can be asked for or read now, as the screen that ends the session; null when one can. */
  private Turn<CentreState, CentreWork> refused(CentreState state, CentreContext context) {
    if (!context.pinSet()) return show(state, true, "ussd.centre.noPin", Map.of());
    if (!context.pinsAllowed()) return new Turn.Show<>(messages.text(state.language(), "ussd.pinOverGet"), true, state, true);
    return null;
  }

  private Turn<CentreState, CentreWork> ask(CentreState state, CentreContext context) {
    return show(state, false, "ussd.centre.ask", Map.of("centre", context.centreName()));
  }

  private Turn<CentreState, CentreWork> memberNumber(CentreState state, String typed, CentreContext context) {
    if (typed.isEmpty()) return ask(state, context);
    Optional<String> number = MemberNumbers.read(typed, context.mutualCode());
    if (number.isEmpty()) return show(state, true, "ussd.centre.unreadable", Map.of("serviceCode", context.serviceCode()));
    return new Turn.Await<>(new CentreWork.CheckRights(number.get()), state);
  }

  private Turn<CentreState, CentreWork> rights(CentreState state, CentreOutcome.RightsRead rights) {
    List<CentreOutcome.PersonRights> persons = rights.persons();
    if (persons.isEmpty()) return show(state, true, "ussd.centre.unknown", Map.of("number", rights.memberNumber()));
    String language = state.language();
    if (persons.size() == 1) {
      CentreOutcome.PersonRights person = persons.get(0);
      return new Turn.Show<>(fit(language, List.of(person.memberNumber() + " " + person.name(), messages.rights(language, person.status()))),
          true, state);
    }
    List<String> lines = new ArrayList<>();
    lines.add(rights.memberNumber());
    for (CentreOutcome.PersonRights person : persons) {
      lines.add(person.memberNumber().substring(person.memberNumber().length() - 2) + " " + firstName(person.name()) + ": "
          + messages.text(language, "ussd.centre.short." + person.status().code()));
    }
    return new Turn.Show<>(fit(language, lines), true, state);
  }

  private static String firstName(String name) {
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** As many lines as reach every network whole; "..." says some were left out. */
  private String fit(String language, List<String> lines) {
    StringBuilder screen = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String next = (i == 0 ? "" : "\n") + lines.get(i);
      String tail = i + 1 < lines.size() ? MORE : "";
      if (!UssdScreen.fits(messages.gsm7(language, screen + next + tail))) {
        screen.append(MORE);
        break;
      }
      screen.append(next);
    }
    return screen.toString();
  }

  private Turn<CentreState, CentreWork> show(CentreState state, boolean end, String key, Map<String, ?> args) {
    return new Turn.Show<>(messages.text(state.language(), key, args), end, state);
  }
}
