package org.keneya.flows.ussd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keneya.config.ProductConfig;
import org.keneya.config.ProductConfig.ContributionRule;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.ussd.HouseholdView.Beneficiary;
import org.keneya.flows.ussd.HouseholdView.ReceiptLine;
import org.keneya.flows.ussd.MenuState.Step;
import org.keneya.flows.ussd.UssdContext.Wallet;

/**
 * The member menus as a pure state machine: {@code start} opens a session, {@code resume} takes the
 * state and the caller's latest input and returns the screen, the new state and the effects. It
 * never sends anything nor waits on anyone: the shell stores the state and runs the effects.
 *
 * <p>Lists longer than a screen page with "0" (next) and "00" (back; from a first page, to the
 * menu before). A list that fits one screen and offers nothing more ends the session, so that it
 * stays on the phone's display.
 */
public final class UssdEngine {
  /** Largest quantity one may declare (10,000 tonnes); beyond is a typing slip. */
  public static final long MAX_QUANTITY = 10_000_000;
  /** Most months of a monthly or quarterly product paid at once: a year. */
  static final int MAX_MONTHS = 12;
  static final String NEXT = "0";
  static final String BACK = "00";
  /** Ends the choice of persons; above any household's size. */
  static final String DONE = "99";
  /** Longer names are cut so that a list keeps several persons per screen. */
  static final int NAME_WIDTH = 18;

  private final Messages messages;

  public UssdEngine(Messages messages) {
    this.messages = messages;
  }

  public UssdReply start(UssdContext context) {
    return start(context, null);
  }

  /**
   * Opens a session. {@code interrupted} is the payment state of this caller's last session when it
   * dropped before the payment was asked for: the caller is offered to take it up again.
   */
  public UssdReply start(UssdContext context, MenuState interrupted) {
    HouseholdView household = context.household();
    if (interrupted != null && interrupted.step().payment() && household != null && household.pendingPayment() == null) {
      MenuState offer = interrupted.offeringResume();
      return UssdReply.next(text(offer, "ussd.resume"), offer);
    }
    MenuState state = MenuState.initial(Messages.DEFAULT_LANGUAGE);
    return UssdReply.next(text(state, "ussd.language"), state);
  }

  public UssdReply resume(MenuState state, String input, UssdContext context) {
    String choice = input == null ? "" : input.strip();
    if (state.step() != Step.LANGUAGE && context.household() == null) {
      // The number was unlinked mid-session (or the session outlived it): say so rather than fail.
      return unknownNumber(state, context);
    }
    return switch (state.step()) {
      case LANGUAGE -> chooseLanguage(state, choice, context);
      case MAIN -> mainMenu(state, choice, context);
      case PAY_WHO -> payFor(state, choice, context);
      case PAY_CHOOSE -> choosePersons(state, choice, context);
      case PAY_MONTHS -> periods(state, choice, context);
      case PAY_QUANTITY -> quantity(state, choice, context);
      case PAY_CONFIRM -> confirm(state, choice, context);
      case PAY_WALLET -> wallet(state, choice, context);
      case RIGHTS, HOUSEHOLD -> browse(state, choice, context);
      case RECEIPTS -> receipts(state, choice, context);
      case DEPOSIT -> deposit(state, choice, context);
      case RESUME -> switch (choice) {
        case "1" -> show(state.at(state.resumeAt()), context);
        case "2" -> show(state.at(Step.MAIN), context);
        default -> invalid(state, context);
      };
    };
  }

  /** The screen of {@code state}'s step as it is first shown. */
  private UssdReply show(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    return switch (state.step()) {
      case LANGUAGE -> UssdReply.next(text(state, "ussd.language"), state);
      case MAIN -> UssdReply.next(text(state, "ussd.mainMenu",
          Map.of("mutual", household.mutual().code(), "memberNumber", household.memberNumber()))
          + (household.pendingDeposit() == null ? "" : "\n" + text(state, "ussd.mainMenu.deposit")), state);
      case DEPOSIT -> UssdReply.next(text(state, "ussd.deposit", Map.of("collector", household.pendingDeposit().collector(),
          "amount", household.pendingDeposit().amount().format(), "date", Messages.date(household.pendingDeposit().collectedOn()))), state);
      case PAY_WHO -> UssdReply.next(text(state, "ussd.pay.who", Map.of("persons", household.persons())), state);
      case PAY_CHOOSE -> UssdReply.next(choiceScreen(state, household), state);
      case PAY_MONTHS -> UssdReply.next(periodsScreen(state, household), state);
      case PAY_QUANTITY -> {
        ContributionRule.PerQuantity rule = (ContributionRule.PerQuantity) household.product().contribution();
        yield UssdReply.next(text(state, "ussd.pay.quantity", Map.of(
            "product", household.mutual().code(), "unit", rule.unit(), "price", rule.amountPerUnit())), state);
      }
      case PAY_CONFIRM -> UssdReply.next(confirmScreen(state, household), state);
      case PAY_WALLET -> {
        List<String> lines = new ArrayList<>();
        List<Wallet> wallets = context.walletsOffered();
        // Numbers stay those of the full list, so that a wallet going down between two hops cannot shift them.
        for (int i = 0; i < wallets.size(); i++) {
          if (wallets.get(i).available()) lines.add((i + 1) + ". " + wallets.get(i).name());
        }
        yield UssdReply.next(Pages.render(text(state, "ussd.pay.wallet"), lines, BACK + " " + text(state, "ussd.back")), state);
      }
      case RIGHTS, HOUSEHOLD -> list(state, listScreen(state, context));
      case RECEIPTS -> household.recentReceipts().isEmpty()
          ? UssdReply.close(text(state, "ussd.receipts.none", Map.of("serviceCode", context.serviceCode())), state)
          : list(state, listScreen(state, context));
      case RESUME -> UssdReply.next(text(state, "ussd.resume"), state);
    };
  }

  private UssdReply chooseLanguage(MenuState state, String choice, UssdContext context) {
    String language = switch (choice) {
      case "1" -> "fr";
      case "2" -> "bm";
      default -> null;
    };
    if (language == null) return invalid(state, context);
    MenuState chosen = MenuState.main(language);
    if (context.household() == null) return unknownNumber(chosen, context);
    return show(chosen, context);
  }

  /** The household's answer to the collector's deposit: the shell books or disputes it, and the SMS says what came of it. */
  private UssdReply deposit(MenuState state, String choice, UssdContext context) {
    HouseholdView.CashDeposit deposit = context.household().pendingDeposit();
    if (deposit == null) return show(state.at(Step.MAIN), context);
    return switch (choice) {
      case "1" -> UssdReply.close(text(state, "ussd.deposit.confirmed"), state, new Effect.AnswerDeposit(deposit.code(), true, state.language()));
      case "2" -> UssdReply.close(text(state, "ussd.deposit.disputed"), state, new Effect.AnswerDeposit(deposit.code(), false, state.language()));
      case BACK, "0" -> show(state.at(Step.MAIN), context);
      default -> invalid(state, context);
    };
  }

  private UssdReply mainMenu(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    return switch (choice) {
      case "1" -> startPayment(state, context);
      case "2" -> show(state.at(Step.RIGHTS), context);
      case "3" -> show(state.at(Step.RECEIPTS), context);
      case "4" -> show(state.at(Step.HOUSEHOLD), context);
      case "6" -> household.pendingDeposit() == null ? invalid(state, context) : show(state.at(Step.DEPOSIT), context);
      case "5" -> UssdReply.close(text(state, "ussd.help", Map.of(
          "section", household.section().name(),
          "sectionContact", household.section().contact() == null ? household.mutual().contact() : household.section().contact(),
          "mutualContact", household.mutual().contact())), state);
      default -> invalid(state, context);
    };
  }

  private UssdReply startPayment(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    if (household.pendingPayment() != null) return pending(state, household);
    MenuState paying = MenuState.main(state.language());
    if (household.product().contribution() instanceof ContributionRule.PerQuantity) {
      // A harvest contribution is set by what the household sold, and covers all of it.
      return show(paying.at(Step.PAY_QUANTITY), context);
    }
    if (household.persons() > 1) return show(paying.at(Step.PAY_WHO), context);
    return afterPersons(paying, context);
  }

  private UssdReply payFor(MenuState state, String choice, UssdContext context) {
    return switch (choice) {
      case "1" -> afterPersons(state.withChosen(null), context);
      case "2" -> show(state.at(Step.PAY_CHOOSE).withChosen(List.of()), context);
      case BACK -> show(state.at(Step.MAIN), context);
      default -> invalid(state, context);
    };
  }

  private UssdReply afterPersons(MenuState state, UssdContext context) {
    boolean asksPeriods = periodsOffered(context.household().product().periodicity()) > 1;
    return show(state.at(asksPeriods ? Step.PAY_MONTHS : Step.PAY_CONFIRM), context);
  }

  /**
   * How many periods one payment may buy: up to a year of a monthly or quarterly product; one
   * period of a yearly or harvest product, which covers a year already.
   */
  static int periodsOffered(ProductConfig.Periodicity periodicity) {
    return switch (periodicity) {
      case MONTHLY, QUARTERLY -> MAX_MONTHS / periodicity.months();
      case YEARLY, HARVEST -> 1;
    };
  }

  private UssdReply choosePersons(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    List<String> chosen = state.chosen() == null ? List.of() : state.chosen();
    int pages = choicePages(state, household).size();
    if (choice.equals(NEXT)) return state.page() + 1 < pages ? show(state.onPage(state.page() + 1), context) : invalid(state, context);
    if (choice.equals(BACK)) return state.page() > 0 ? show(state.onPage(state.page() - 1), context) : show(state.at(Step.PAY_WHO), context);
    if (choice.equals(DONE)) {
      return chosen.isEmpty() ? invalid(state, context, "ussd.pay.chooseNone", Map.of()) : afterPersons(state, context);
    }
    int index = choice.matches("[0-9]{1,2}") ? Integer.parseInt(choice) - 1 : -1;
    if (index < 0 || index >= household.persons()) return invalid(state, context);
    String memberNumber = household.beneficiaries().get(index).memberNumber();
    List<String> toggled = new ArrayList<>(chosen);
    if (!toggled.remove(memberNumber)) toggled.add(memberNumber);
    return show(state.withChosen(toggled), context);
  }

  /** The number of periods bought: months typed for a monthly product, a numbered choice of quarters for a quarterly one. */
  private UssdReply periods(MenuState state, String choice, UssdContext context) {
    if (choice.equals(BACK)) return show(state.at(context.household().persons() > 1 ? Step.PAY_WHO : Step.MAIN), context);
    ProductConfig.Periodicity periodicity = context.household().product().periodicity();
    int most = periodsOffered(periodicity);
    int periods = choice.matches("[0-9]{1,2}") ? Integer.parseInt(choice) : 0;
    if (periods < 1 || periods > most) {
      String hint = periodicity == ProductConfig.Periodicity.QUARTERLY ? "ussd.pay.quartersInvalid" : "ussd.pay.monthsInvalid";
      return invalid(state, context, hint, Map.of("max", most));
    }
    return show(state.at(Step.PAY_CONFIRM).withMonths(periods), context);
  }

  private String periodsScreen(MenuState state, HouseholdView household) {
    ProductConfig.Periodicity periodicity = household.product().periodicity();
    String perPerson = Money.of(quote(state.withMonths(1), household).unitMemberShare(), household.mutual().currency()).format();
    if (periodicity != ProductConfig.Periodicity.QUARTERLY) {
      return text(state, "ussd.pay.months", Map.of("max", periodsOffered(periodicity), "perPerson", perPerson));
    }
    // Few quarters to choose from, so they are listed as the time each covers: no count of quarters to work out.
    List<String> choices = new ArrayList<>();
    for (int quarters = 1; quarters <= periodsOffered(periodicity); quarters++) {
      choices.add(quarters + ". " + coverage(state, quarters * periodicity.months()));
    }
    return text(state, "ussd.pay.quarters", Map.of("choices", String.join("\n", choices), "perPerson", perPerson));
  }

  private String coverage(MenuState state, int months) {
    return months == 12 ? text(state, "ussd.pay.coverageYears") : text(state, "ussd.pay.coverageMonths", Map.of("months", months));
  }

  private UssdReply quantity(MenuState state, String choice, UssdContext context) {
    if (choice.equals(BACK)) return show(state.at(Step.MAIN), context);
    long quantity = choice.matches("[0-9]{1,9}") ? Long.parseLong(choice) : 0;
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      ContributionRule.PerQuantity rule = (ContributionRule.PerQuantity) context.household().product().contribution();
      return invalid(state, context, "ussd.pay.quantityInvalid", Map.of("unit", rule.unit(), "max", MAX_QUANTITY));
    }
    return show(state.at(Step.PAY_CONFIRM).withQuantity(quantity), context);
  }

  private UssdReply confirm(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    if (beneficiaries(state, household).isEmpty()) {
      // The persons chosen left the household meanwhile: choose again rather than pay for nobody.
      return show(state.at(Step.PAY_WHO), context);
    }
    return switch (choice) {
      case "1" -> {
        List<Wallet> available = context.walletsOffered().stream().filter(Wallet::available).toList();
        if (available.isEmpty()) {
          yield UssdReply.close(text(state, "ussd.pay.walletsUnavailable", Map.of("serviceCode", context.serviceCode())), state);
        }
        yield available.size() > 1 ? show(state.at(Step.PAY_WALLET), context) : requestPayment(state, context, available.get(0));
      }
      case "2" -> UssdReply.close(text(state, "ussd.pay.cancelled", Map.of("serviceCode", context.serviceCode())), state);
      default -> invalid(state, context);
    };
  }

  private UssdReply wallet(MenuState state, String choice, UssdContext context) {
    if (choice.equals(BACK)) return show(state.at(Step.PAY_CONFIRM), context);
    List<Wallet> wallets = context.walletsOffered();
    int index = choice.matches("[0-9]{1,2}") ? Integer.parseInt(choice) - 1 : -1;
    if (index < 0 || index >= wallets.size()) return invalid(state, context);
    Wallet wallet = wallets.get(index);
    if (!wallet.available()) {
      if (wallets.stream().noneMatch(Wallet::available)) {
        return UssdReply.close(text(state, "ussd.pay.walletsUnavailable", Map.of("serviceCode", context.serviceCode())), state);
      }
      return invalid(state, context, "ussd.pay.walletUnavailable", Map.of("wallet", wallet.name()));
    }
    return requestPayment(state, context, wallet);
  }

  private UssdReply requestPayment(MenuState state, UssdContext context, Wallet wallet) {
    HouseholdView household = context.household();
    if (household.pendingPayment() != null) return pending(state, household);
    ContributionQuote quote = quote(state, household);
    List<UUID> covered = beneficiaries(state, household).stream().map(Beneficiary::id).toList();
    return UssdReply.close(
        text(state, wallet.paidByLink() ? "ussd.pay.requestedLink" : "ussd.pay.requested",
            Map.of("total", quote.memberPaysMoney().format(), "wallet", wallet.name())),
        state.at(Step.MAIN),
        new Effect.RequestPayment(household.householdId(), quote, covered, wallet.id(), state.language()));
  }

  private UssdReply pending(MenuState state, HouseholdView household) {
    return UssdReply.close(text(state, "ussd.pay.pending", Map.of("amount", household.pendingPayment().format())), state.at(Step.MAIN));
  }

  /** Paging through a list that offers nothing else (rights, household). */
  private UssdReply browse(MenuState state, String choice, UssdContext context) {
    int pages = pages(state, listScreen(state, context)).size();
    if (choice.equals(NEXT) && state.page() + 1 < pages) return show(state.onPage(state.page() + 1), context);
    if (choice.equals(BACK)) return state.page() > 0 ? show(state.onPage(state.page() - 1), context) : show(state.at(Step.MAIN), context);
    return invalid(state, context);
  }

  private UssdReply receipts(MenuState state, String choice, UssdContext context) {
    if (!choice.equals("1")) return browse(state, choice, context);
    HouseholdView household = context.household();
    List<String> lines = household.recentReceipts().stream().map(r -> receiptLine(state, r)).toList();
    // In GSM 7-bit spelling, like every SMS: one part holds 160 characters there, 70 otherwise.
    String sms = messages.gsm7(state.language(), text(state, "sms.receipts", Map.of("mutualCode", household.mutual().code(),
        "memberNumber", household.memberNumber(), "lines", String.join("; ", lines))));
    return UssdReply.close(text(state, "ussd.receipts.sent"), state, new Effect.SendSms("receipts", sms));
  }

  /** What the chosen persons (or the whole household) owe for the months or quantity chosen, with any adhesion fee due. */
  public static ContributionQuote quote(MenuState state, HouseholdView household) {
    int persons = Math.max(1, beneficiaries(state, household).size());
    return ContributionCalculator.quote(
        household.product(), household.mutual().currency(), household.guaranteeLevel(),
        persons, Math.max(1, state.months()), state.quantity(), household.persons(), household.adhesionFeesPaid());
  }

  static List<Beneficiary> beneficiaries(MenuState state, HouseholdView household) {
    if (state.chosen() == null) return household.beneficiaries();
    return household.beneficiaries().stream().filter(b -> state.chosen().contains(b.memberNumber())).toList();
  }

  private String confirmScreen(MenuState state, HouseholdView household) {
    ContributionQuote quote = quote(state, household);
    String currency = quote.currency();
    Map<String, Object> args = new HashMap<>();
    String breakdown;
    if (household.product().contribution() instanceof ContributionRule.PerQuantity rule) {
      breakdown = text(state, "ussd.pay.perQuantity", Map.of(
          "quantity", quote.quantity(), "unit", rule.unit(), "price", Money.of(quote.unitMemberShare(), currency).format()));
    } else if (quote.periods() > 1 && household.product().periodicity() == ProductConfig.Periodicity.QUARTERLY) {
      breakdown = text(state, "ussd.pay.perPersonQuarters", Map.of("persons", quote.persons(), "quarters", quote.periods(),
          "perPerson", Money.of(quote.unitMemberShare(), currency).format()));
    } else if (quote.periods() > 1) {
      breakdown = text(state, "ussd.pay.perPersonMonths", Map.of("persons", quote.persons(), "months", quote.periods(),
          "perPerson", Money.of(quote.unitMemberShare(), currency).format()));
    } else {
      breakdown = text(state, "ussd.pay.perPerson", Map.of(
          "persons", quote.persons(), "perPerson", Money.of(quote.unitMemberShare(), currency).format()));
    }
    args.put("contribution", breakdown + " = " + Money.of(quote.memberShare(), currency).format());
    args.put("adhesionLine", quote.adhesionFee() == 0 ? ""
        : text(state, "ussd.pay.adhesionLine", Map.of("adhesion", Money.of(quote.adhesionFee(), currency).format())));
    args.put("total", quote.memberPaysMoney().format());
    args.put("coverage", coverage(state, household.product().periodicity().months() * quote.periods()));
    return text(state, "ussd.pay.confirm", args);
  }

  private List<List<String>> choicePages(MenuState state, HouseholdView household) {
    int hintRoom = Math.max(size(state, text(state, "ussd.invalid")), size(state, text(state, "ussd.pay.chooseNone"))) + 1;
    return Pages.split(choiceTitle(state, household), choiceLines(state, household), choiceFooter(state, true),
        UssdScreen.GSM7_SEPTETS - hintRoom, line -> size(state, line));
  }

  private String choiceScreen(MenuState state, HouseholdView household) {
    List<List<String>> pages = choicePages(state, household);
    int page = Math.min(state.page(), pages.size() - 1);
    return Pages.render(choiceTitle(state, household), pages.get(page), choiceFooter(state, page + 1 < pages.size()));
  }

  private String choiceTitle(MenuState state, HouseholdView household) {
    int chosen = state.chosen() == null ? 0 : state.chosen().size();
    return text(state, "ussd.pay.choose", Map.of("chosen", chosen, "persons", household.persons()));
  }

  private List<String> choiceLines(MenuState state, HouseholdView household) {
    List<String> lines = new ArrayList<>();
    List<Beneficiary> people = household.beneficiaries();
    for (int i = 0; i < people.size(); i++) {
      boolean chosen = state.chosen() != null && state.chosen().contains(people.get(i).memberNumber());
      lines.add((i + 1) + (chosen ? ".[x] " : ".[ ] ") + shortName(people.get(i).name()));
    }
    return lines;
  }

  private String choiceFooter(MenuState state, boolean more) {
    return DONE + " " + text(state, "ussd.pay.chooseDone") + "\n" + navigation(state, more);
  }

  /** A list shown over one or more screens, with {@code extra} (an option) above the navigation. */
  private record ListScreen(String title, List<String> lines, String extra, boolean closeIfAlone) {}

  private ListScreen listScreen(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    return switch (state.step()) {
      case RIGHTS -> new ListScreen(text(state, "ussd.rights", Map.of("memberNumber", household.memberNumber())),
          rightsLines(state, context), "", true);
      case HOUSEHOLD -> new ListScreen(
          text(state, "ussd.household", Map.of("memberNumber", household.memberNumber(), "persons", household.persons())),
          household.beneficiaries().stream().map(b -> suffix(b) + " " + shortName(b.name())).toList(), "", true);
      case RECEIPTS -> new ListScreen(text(state, "ussd.receipts"),
          household.recentReceipts().stream().map(r -> receiptLine(state, r)).toList(), text(state, "ussd.receipts.sms"), false);
      default -> throw new IllegalStateException("no list at " + state.step());
    };
  }

  private List<List<String>> pages(MenuState state, ListScreen list) {
    return Pages.split(list.title(), list.lines(), footer(state, list, true), UssdScreen.GSM7_SEPTETS - hintRoom(state), line -> size(state, line));
  }

  private String footer(MenuState state, ListScreen list, boolean more) {
    return (list.extra().isEmpty() ? "" : list.extra() + "\n") + navigation(state, more);
  }

  /**
   * A list screen. A list that fits one screen and offers nothing more ends the session (and so
   * stays on display); otherwise it pages with "0"/"00".
   */
  private UssdReply list(MenuState state, ListScreen list) {
    List<List<String>> pages = pages(state, list);
    String alone = Pages.render(list.title(), list.lines(), "");
    if (pages.size() == 1 && list.closeIfAlone() && UssdScreen.fits(messages, state.language(), alone)) {
      return UssdReply.close(alone, state);
    }
    int page = Math.min(state.page(), pages.size() - 1);
    return UssdReply.next(Pages.render(list.title(), pages.get(page), footer(state, list, page + 1 < pages.size())), state.onPage(page));
  }

  private String navigation(MenuState state, boolean more) {
    String back = BACK + " " + text(state, "ussd.back");
    return more ? NEXT + " " + text(state, "ussd.next") + " " + back : back;
  }

  /**
   * One line per person, in household order; when everyone stands the same, which is the rule for a
   * household that pays for all, a single line, so that its rights read in one screen.
   */
  private List<String> rightsLines(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    ProductConfig product = household.product();
    Map<Beneficiary, String> statuses = new LinkedHashMap<>();
    for (Beneficiary person : household.beneficiaries()) {
      RightsStatus status = RightsPolicy.evaluate(person.firstPaidOn(), person.coverStartedOn(), person.coveredUntil(), context.today(),
          product);
      statuses.put(person, personStatus(state, household, status));
    }
    if (new java.util.HashSet<>(statuses.values()).size() == 1) {
      return List.of(text(state, "ussd.rights.all", Map.of("persons", household.persons(), "status", statuses.values().iterator().next())));
    }
    List<String> lines = new ArrayList<>();
    statuses.forEach((person, status) -> lines.add(shortName(person.name()) + ": " + status));
    return lines;
  }

  private String personStatus(MenuState state, HouseholdView household, RightsStatus status) {
    if (status instanceof RightsStatus.Open open) return text(state, "ussd.status.open", Map.of("date", Messages.date(open.coveredUntil())));
    if (status instanceof RightsStatus.Waiting waiting) return text(state, "ussd.status.waiting", Map.of("date", Messages.date(waiting.opensOn())));
    if (status instanceof RightsStatus.Grace grace) return text(state, "ussd.status.grace", Map.of("date", Messages.date(grace.graceUntil())));
    if (status instanceof RightsStatus.Suspended suspended) {
      if (household.product().contribution() instanceof ContributionRule.PerQuantity) {
        // A harvest contribution has no price per person: what reopens rights is the next declared harvest.
        return text(state, "ussd.status.suspendedHarvest", Map.of("date", Messages.date(suspended.since())));
      }
      // What reopens one person's rights: their share of one period.
      long reopen = ContributionCalculator.quote(household.product(), household.mutual().currency(), household.guaranteeLevel(),
          1, 1, 0, household.persons(), household.adhesionFeesPaid()).memberShare();
      return text(state, "ussd.status.suspended", Map.of("date", Messages.date(suspended.since()),
          "amount", Money.of(reopen, household.mutual().currency()).format()));
    }
    return text(state, "ussd.status.notPaid");
  }

  private String receiptLine(MenuState state, ReceiptLine receipt) {
    return text(state, "ussd.receipts.line", Map.of("number", receipt.number(), "date", Messages.date(receipt.date()),
        "amount", receipt.amount().format(), "channel", receipt.channel()));
  }

  /** A person's place in the household: the last part of their member number ("03"). */
  private static String suffix(Beneficiary person) {
    int dash = person.memberNumber().lastIndexOf('-');
    return dash < 0 ? person.memberNumber() : person.memberNumber().substring(dash + 1);
  }

  /** {@code name} cut to {@link #NAME_WIDTH} characters, so that a screen naming people keeps room for the rest. */
  public static String shortName(String name) {
    String clean = name.strip();
    return clean.length() <= NAME_WIDTH ? clean : clean.substring(0, NAME_WIDTH - 1) + ".";
  }

  private UssdReply unknownNumber(MenuState state, UssdContext context) {
    return UssdReply.close(text(state, "ussd.unknownNumber", Map.of("contact", context.helpContact())), state);
  }

  /** Room kept on list screens for the line a refused input adds above them. */
  private int hintRoom(MenuState state) {
    return size(state, text(state, "ussd.invalid")) + 1;
  }

  /** What {@code text} takes of a screen, as the network counts it (see {@link UssdScreen#size}). */
  private int size(MenuState state, String text) {
    return UssdScreen.size(messages, state.language(), text);
  }

  private UssdReply invalid(MenuState state, UssdContext context) {
    return invalid(state, context, "ussd.invalid", Map.of());
  }

  private UssdReply invalid(MenuState state, UssdContext context, String hintKey, Map<String, ?> args) {
    UssdReply screen = show(state, context);
    return UssdReply.next(text(state, hintKey, args) + "\n" + screen.screen(), screen.state());
  }

  private String text(MenuState state, String key) {
    return messages.text(state.language(), key);
  }

  private String text(MenuState state, String key, Map<String, ?> args) {
    return messages.text(state.language(), key, args);
  }
}
