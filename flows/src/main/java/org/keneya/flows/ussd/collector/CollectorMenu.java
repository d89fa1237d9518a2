package org.keneya.flows.ussd.collector;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.collectors.Commissions;
import org.keneya.flows.collectors.Pins;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.MemberNumbers;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.HouseholdView;
import org.keneya.flows.ussd.PinCheck;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.UssdEngine;
import org.keneya.flows.ussd.collector.CollectorState.Figures;
import org.keneya.flows.ussd.collector.CollectorState.Step;

/**
 * The collector's menu, on the members' service code from a collector's number, as a pure state
 * machine: a cash deposit (household, periods or quantity, amount received, time of collection,
 * PIN), the cash position and the month's commission (after the PIN), a PIN change, French or
 * Bambara; a collector who is also a member can switch to the members' menu. What needs I/O (a
 * PIN check, a household, the deposit, the figures) is asked of the shell as {@link CollectorWork}
 * and its {@link CollectorOutcome} fed back. A hop that would ask for a PIN, or carries one, over
 * a query string ends the session with nothing read.
 */
public final class CollectorMenu {
  /** Most periods one deposit pays, as the screen says. */
  static final int MAX_PERIODS = 12;
  /** The choice on the menu that turns it to the other language. */
  static final String OTHER_LANGUAGE = "5";
  static final String MEMBER_MENU = "9";

  private final Messages messages;

  public CollectorMenu(Messages messages) {
    this.messages = messages;
  }

  /** Opens a session, in French until the collector turns it to Bambara. */
  public Turn<CollectorState, CollectorWork> start(CollectorContext context, boolean memberToo) {
    return menu(CollectorState.menu(Messages.DEFAULT_LANGUAGE, memberToo), context, null);
  }

  /** The collector typed {@code input} at {@code state}'s step. */
  public Turn<CollectorState, CollectorWork> resume(CollectorState state, String input, CollectorContext context) {
    if (state.step().readsPin() && !context.pinsAllowed()) return refusedOverGet(state);
    String typed = input.strip();
    return guarded(switch (state.step()) {
      case MENU -> chosen(state, typed, context);
      case MEMBER -> household(state, typed, context);
      case PERIODS -> periods(state, typed, context);
      case AMOUNT -> amount(state, typed);
      case TIME -> time(state, typed, context);
      case PIN, FIGURES_PIN, OLD_PIN -> new Turn.Await<>(new CollectorWork.CheckPin(typed), state);
      case NEW_PIN -> newPin(state, typed);
    }, context);
  }

  /** The shell did the work the menu asked for at {@code state}: the menu goes on from its outcome. */
  public Turn<CollectorState, CollectorWork> resume(CollectorState state, CollectorOutcome outcome, CollectorContext context) {
    Turn<CollectorState, CollectorWork> next;
    if (outcome instanceof CollectorOutcome.PinChecked checked) {
      next = pinChecked(state, checked.check(), context);
    } else if (outcome instanceof CollectorOutcome.HouseholdRead read) {
      next = householdRead(state, read, context);
    } else if (outcome instanceof CollectorOutcome.DepositRecorded recorded) {
      next = show(state, true, "collector.recorded", Map.of("code", recorded.code(), "memberNumber", state.deposit().memberNumber()));
    } else if (outcome instanceof CollectorOutcome.PositionRead position) {
      next = figures(state, position, context);
    } else {
      next = show(state, true, "collector.pinChanged", Map.of());
    }
    return guarded(next, context);
  }

  /** No PIN screen is shown over a query string: the session ends there instead. */
  private Turn<CollectorState, CollectorWork> guarded(Turn<CollectorState, CollectorWork> turn, CollectorContext context) {
    if (!context.pinsAllowed() && turn instanceof Turn.Show<CollectorState, CollectorWork> shown && !shown.end()
        && shown.state().step().readsPin()) {
      return refusedOverGet(shown.state());
    }
    return turn;
  }

  private Turn<CollectorState, CollectorWork> refusedOverGet(CollectorState state) {
    return new Turn.Show<>(text(state, "ussd.pinOverGet", Map.of()), true, state.at(Step.MENU), true);
  }

  private Turn<CollectorState, CollectorWork> menu(CollectorState state, CollectorContext context, String before) {
    String menu = text(state, "collector.menu", Map.of("name", UssdEngine.shortName(context.collectorName()), "mutualCode", context.mutual().code()))
        + (state.memberToo() ? "\n" + text(state, "collector.menuMember", Map.of()) : "");
    return new Turn.Show<>(before == null ? menu : before + "\n" + menu, false, state);
  }

  private Turn<CollectorState, CollectorWork> chosen(CollectorState state, String choice, CollectorContext context) {
    return switch (choice) {
      case "1" -> show(state.entering(Step.MEMBER, null), false, "collector.askMember", Map.of());
      case "2" -> show(state.showing(Figures.POSITION), false, "collector.askPinView", Map.of());
      case "3" -> show(state.showing(Figures.COMMISSION), false, "collector.askPinView", Map.of());
      case "4" -> show(state.at(Step.OLD_PIN), false, "collector.askOldPin", Map.of());
      case OTHER_LANGUAGE -> menu(state.inLanguage(Messages.switched(state.language())), context, null);
      case MEMBER_MENU -> state.memberToo() ? new Turn.ToMemberMenu<>() : invalidChoice(state, context);
      default -> invalidChoice(state, context);
    };
  }

  private Turn<CollectorState, CollectorWork> invalidChoice(CollectorState state, CollectorContext context) {
    return menu(state, context, text(state, "collector.invalidChoice", Map.of()));
  }

  /** The household by its head's phone (8 digits or more) or its member number, in the collector's mutual. */
  private Turn<CollectorState, CollectorWork> household(CollectorState state, String typed, CollectorContext context) {
    Optional<Msisdn> phone = typed.length() >= 8 ? Msisdn.parse(typed, context.countryCode()) : Optional.empty();
    Optional<String> number = MemberNumbers.read(typed, context.mutual().code());
    if (phone.isEmpty() && number.isEmpty()) return unknownMember(state, typed);
    return new Turn.Await<>(new CollectorWork.FindHousehold(typed, phone.orElse(null), phone.isPresent() ? null : number.get()), state);
  }

  private Turn<CollectorState, CollectorWork> unknownMember(CollectorState state, String typed) {
    return show(state, false, "collector.unknownMember", Map.of("member", typed));
  }

  private Turn<CollectorState, CollectorWork> householdRead(CollectorState state, CollectorOutcome.HouseholdRead read, CollectorContext context) {
    CollectorOutcome.Household found = read.household();
    if (found == null || !found.view().mutual().id().equals(context.mutual().id())) return unknownMember(state, read.lookup().typed());
    HouseholdView view = found.view();
    // One deposit waits for its member at a time: each quote counts the adhesion fees not yet paid.
    if (view.pendingDeposit() != null) return show(state, true, "collector.pendingDeposit", Map.of("code", view.pendingDeposit().code()));
    String language = messages.supports(found.language()) ? found.language() : Messages.DEFAULT_LANGUAGE;
    CollectorState.Deposit deposit = new CollectorState.Deposit(view.householdId(), view.memberNumber(), found.headMsisdn(), language,
        found.enrolmentId(), view.section().id(), 0, null, null);
    CollectorState next = state.entering(Step.PERIODS, deposit);
    return new Turn.Show<>(askQuantity(next, view), false, next);
  }

  /** Asks how many periods are paid, or how much produce was sold for a product priced by quantity. */
  private String askQuantity(CollectorState state, HouseholdView view) {
    if (view.product().contribution() instanceof ProductConfig.ContributionRule.PerQuantity perQuantity) {
      return text(state, "collector.askQuantity", Map.of("memberNumber", view.memberNumber(),
          "amount", Money.of(perQuantity.amountPerUnit(), view.mutual().currency()).format(), "unit", perQuantity.unit()));
    }
    return text(state, "collector.askPeriods", Map.of("memberNumber", view.memberNumber(), "persons", view.persons(),
        "amount", quote(view, 1, 0).memberPaysMoney().format()));
  }

  private static ContributionQuote quote(HouseholdView view, int periods, long quantity) {
    return ContributionCalculator.quote(view.product(), view.mutual().currency(), view.guaranteeLevel(), view.persons(), periods, quantity,
        view.persons(), view.adhesionFeesPaid());
  }

  private Turn<CollectorState, CollectorWork> periods(CollectorState state, String typed, CollectorContext context) {
    HouseholdView view = context.household();
    if (view == null) throw new IllegalStateException("the household of the deposit being entered is gone");
    boolean perQuantity = view.product().contribution() instanceof ProductConfig.ContributionRule.PerQuantity;
    long value;
    try {
      value = Long.parseLong(typed);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || (!perQuantity && value > MAX_PERIODS) || value > UssdEngine.MAX_QUANTITY) {
      return new Turn.Show<>(text(state, "collector.badNumber", Map.of()) + "\n" + askQuantity(state, view), false, state);
    }
    ContributionQuote quote = perQuantity ? quote(view, 1, value) : quote(view, (int) value, 0);
    CollectorState next = state.entering(Step.AMOUNT, state.deposit().priced(perQuantity ? 1 : (int) value, quote));
    return show(next, false, "collector.askAmount", Map.of("amount", quote.memberPaysMoney().format()));
  }

  private Turn<CollectorState, CollectorWork> amount(CollectorState state, String typed) {
    Money due = state.deposit().quote().memberPaysMoney();
    if (!typed.replace(" ", "").replace(".", "").equals(Long.toString(due.amount()))) {
      return show(state, false, "collector.wrongAmount", Map.of("amount", due.format()));
    }
    return show(state.at(Step.TIME), false, "collector.askTime", Map.of());
  }

  /** "0" for now, or the time (HHMM) earlier today: entered later the same day, when the network came back, a collection keeps its own time. */
  private Turn<CollectorState, CollectorWork> time(CollectorState state, String typed, CollectorContext context) {
    ZonedDateTime now = context.now();
    ZonedDateTime collected = null;
    if (typed.equals("0")) {
      collected = now;
    } else if (typed.matches("[0-9]{4}") && Integer.parseInt(typed.substring(0, 2)) < 24 && Integer.parseInt(typed.substring(2)) < 60) {
      ZonedDateTime at = now.with(LocalTime.of(Integer.parseInt(typed.substring(0, 2)), Integer.parseInt(typed.substring(2))));
      if (!at.isAfter(now)) collected = at;
    }
    if (collected == null) return show(state, false, "collector.badTime", Map.of());
    CollectorState next = state.entering(Step.PIN, state.deposit().collected(collected.toInstant()));
    return show(next, false, "collector.askPin", Map.of("memberNumber", next.deposit().memberNumber(),
        "amount", next.deposit().quote().memberPaysMoney().format(), "time", Messages.time(collected)));
  }

  private Turn<CollectorState, CollectorWork> pinChecked(CollectorState state, PinCheck check, CollectorContext context) {
    if (check instanceof PinCheck.Wrong wrong) {
      String askAgain = switch (state.step()) {
        case FIGURES_PIN -> "collector.askPinView";
        case OLD_PIN -> "collector.askOldPin";
        default -> "collector.askPinAgain";
      };
      return new Turn.Show<>(text(state, "collector.wrongPin", Map.of("failures", wrong.failures(), "attempts", wrong.attempts()))
          + "\n" + text(state, askAgain, Map.of()), false, state);
    }
    if (check instanceof PinCheck.Delayed delayed) {
      MutualConfig mutual = context.mutual();
      String contact = mutual.section(context.sectionId()).map(MutualConfig.SectionConfig::contact).orElse(mutual.contact());
      return show(state, true, "collector.delayed", Map.of("time", Messages.time(delayed.until().atZoneSameInstant(context.now().getZone())),
          "contact", contact == null ? "" : contact));
    }
    return switch (state.step()) {
      case PIN -> new Turn.Await<>(new CollectorWork.RecordDeposit(state.deposit()), state);
      case FIGURES_PIN -> new Turn.Await<>(new CollectorWork.ReadPosition(monthStart(context)), state);
      default -> show(state.at(Step.NEW_PIN), false, "collector.askNewPin", Map.of());
    };
  }

  private static LocalDate monthStart(CollectorContext context) {
    return context.now().toLocalDate().withDayOfMonth(1);
  }

  private Turn<CollectorState, CollectorWork> figures(CollectorState state, CollectorOutcome.PositionRead position, CollectorContext context) {
    String currency = context.mutual().currency();
    if (state.figures() == Figures.POSITION) {
      return show(state, true, "collector.position", Map.of("confirmed", Money.of(position.confirmed(), currency).format(),
          "count", position.confirmedDeposits(), "pending", Money.of(position.pending(), currency).format(),
          "pendingCount", position.pendingDeposits()));
    }
    LocalDate month = monthStart(context);
    int percent = context.commissionPercent();
    return show(state, true, "collector.commission", Map.of("month", month.getMonthValue() + "/" + month.getYear(),
        "commission", Money.of(Commissions.of(position.collectedThisMonth(), percent), currency).format(), "percent", percent,
        "collected", Money.of(position.collectedThisMonth(), currency).format()));
  }

  /** The new PIN typed twice in a row, so that a slip is caught without a screen more. */
  private Turn<CollectorState, CollectorWork> newPin(CollectorState state, String twice) {
    String half = twice.length() % 2 == 0 ? twice.substring(0, twice.length() / 2) : "";
    Optional<String> problem = !twice.equals(half + half) ? Optional.of("2 x") : Pins.problem(half);
    if (problem.isPresent()) return show(state, false, "collector.badNewPin", Map.of("problem", problem.get()));
    return new Turn.Await<>(new CollectorWork.ChangePin(half), state);
  }

  private Turn<CollectorState, CollectorWork> show(CollectorState state, boolean end, String key, Map<String, ?> args) {
    return new Turn.Show<>(text(state, key, args), end, state);
  }

  private String text(CollectorState state, String key, Map<String, ?> args) {
    return messages.text(state.language(), key, args);
  }
}
