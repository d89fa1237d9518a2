package org.keneya.flows.ussd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keneya.config.ProductConfig;
import org.keneya.config.ProductConfig.ContributionRule;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.ussd.HouseholdView.ReceiptLine;
import org.keneya.flows.ussd.MenuState.Step;

/**
 * The member menus as a pure state machine: {@code start} opens a session, {@code resume} takes the
 * state and the caller's latest input and returns the screen, the new state and the effects. It
 * never sends anything nor waits on anyone: the shell stores the state and runs the effects.
 */
public final class UssdEngine {
  /** Largest quantity one may declare (10,000 tonnes); beyond is a typing slip. */
  static final long MAX_QUANTITY = 10_000_000;
  private static final int MAX_RECEIPT_LINES = 4;

  private final Messages messages;

  public UssdEngine(Messages messages) {
    this.messages = messages;
  }

  public UssdReply start(UssdContext context) {
    MenuState state = new MenuState(Step.LANGUAGE, Messages.DEFAULT_LANGUAGE, 0);
    return UssdReply.next(messages.text(state.language(), "ussd.language"), state);
  }

  public UssdReply resume(MenuState state, String input, UssdContext context) {
    String choice = input == null ? "" : input.strip();
    return switch (state.step()) {
      case LANGUAGE -> chooseLanguage(state, choice, context);
      case MAIN -> mainMenu(state, choice, context);
      case PAY_QUANTITY -> quantity(state, choice, context);
      case PAY_CONFIRM -> confirm(state, choice, context);
    };
  }

  private UssdReply chooseLanguage(MenuState state, String choice, UssdContext context) {
    String language = switch (choice) {
      case "1" -> "fr";
      case "2" -> "bm";
      default -> null;
    };
    if (language == null) return invalid(state, messages.text(state.language(), "ussd.language"));
    MenuState chosen = new MenuState(Step.MAIN, language, 0);
    if (context.household() == null) {
      return UssdReply.close(messages.text(language, "ussd.unknownNumber", Map.of("contact", context.helpContact())), chosen);
    }
    return UssdReply.next(mainScreen(chosen, context), chosen);
  }

  private UssdReply mainMenu(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    if (household == null) {
      // The number was unlinked mid-session: say so rather than fail.
      return UssdReply.close(messages.text(state.language(), "ussd.unknownNumber", Map.of("contact", context.helpContact())), state);
    }
    return switch (choice) {
      case "1" -> startPayment(state, context);
      case "2" -> UssdReply.close(rightsScreen(state.language(), context), state);
      case "3" -> UssdReply.close(receiptsScreen(state.language(), context), state);
      default -> invalid(state, mainScreen(state, context));
    };
  }

  private UssdReply startPayment(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    if (household.pendingPayment() != null) {
      return UssdReply.close(
          messages.text(state.language(), "ussd.pay.pending", Map.of("amount", household.pendingPayment().format())), state);
    }
    if (household.product().contribution() instanceof ContributionRule.PerQuantity) {
      MenuState asking = state.at(Step.PAY_QUANTITY);
      return UssdReply.next(quantityScreen(asking, household), asking);
    }
    MenuState confirming = state.at(Step.PAY_CONFIRM);
    return UssdReply.next(confirmScreen(confirming, context), confirming);
  }

  private UssdReply quantity(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    if (household == null) return mainMenu(state, choice, context);
    long quantity = choice.matches("[0-9]{1,9}") ? Long.parseLong(choice) : 0;
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      ContributionRule.PerQuantity rule = (ContributionRule.PerQuantity) household.product().contribution();
      String hint = messages.text(state.language(), "ussd.pay.quantityInvalid", Map.of("unit", rule.unit(), "max", MAX_QUANTITY));
      return UssdReply.next(hint + "\n" + quantityScreen(state, household), state);
    }
    MenuState confirming = new MenuState(Step.PAY_CONFIRM, state.language(), quantity);
    return UssdReply.next(confirmScreen(confirming, context), confirming);
  }

  private UssdReply confirm(MenuState state, String choice, UssdContext context) {
    HouseholdView household = context.household();
    if (household == null) return mainMenu(state, choice, context);
    return switch (choice) {
      case "1" -> {
        if (household.pendingPayment() != null) {
          yield UssdReply.close(messages.text(state.language(), "ussd.pay.pending",
              Map.of("amount", household.pendingPayment().format())), state);
        }
        ContributionQuote quote = quote(state, household);
        yield UssdReply.close(
            messages.text(state.language(), "ussd.pay.requested", Map.of("total", quote.memberPaysMoney().format())),
            state,
            new Effect.RequestPayment(household.householdId(), quote, state.language()));
      }
      case "2" -> UssdReply.close(
          messages.text(state.language(), "ussd.pay.cancelled", Map.of("serviceCode", context.serviceCode())), state);
      default -> invalid(state, confirmScreen(state, context));
    };
  }

  /** What one period costs this household now (with any adhesion fee still due). */
  public static ContributionQuote quote(MenuState state, HouseholdView household) {
    return ContributionCalculator.quote(
        household.product(), household.mutual().currency(), household.guaranteeLevel(),
        household.persons(), 1, state.quantity(), household.adhesionFeesPaid());
  }

  private String mainScreen(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    return messages.text(state.language(), "ussd.mainMenu",
        Map.of("mutual", household.mutual().code(), "memberNumber", household.memberNumber()));
  }

  private String quantityScreen(MenuState state, HouseholdView household) {
    ContributionRule.PerQuantity rule = (ContributionRule.PerQuantity) household.product().contribution();
    return messages.text(state.language(), "ussd.pay.quantity", Map.of(
        "product", household.mutual().code(), "unit", rule.unit(), "price", rule.amountPerUnit()));
  }

  private String confirmScreen(MenuState state, UssdContext context) {
    HouseholdView household = context.household();
    ContributionQuote quote = quote(state, household);
    String language = state.language();
    String currency = quote.currency();
    Map<String, Object> args = new HashMap<>();
    String breakdown;
    if (household.product().contribution() instanceof ContributionRule.PerQuantity rule) {
      breakdown = messages.text(language, "ussd.pay.perQuantity", Map.of(
          "quantity", quote.quantity(), "unit", rule.unit(), "price", Money.of(quote.unitMemberShare(), currency).format()));
    } else {
      breakdown = messages.text(language, "ussd.pay.perPerson", Map.of(
          "persons", quote.persons(), "perPerson", Money.of(quote.unitMemberShare(), currency).format()));
    }
    args.put("contribution", breakdown + " = " + Money.of(quote.memberShare(), currency).format());
    args.put("adhesionLine", quote.adhesionFee() == 0 ? ""
        : messages.text(language, "ussd.pay.adhesionLine", Map.of("adhesion", Money.of(quote.adhesionFee(), currency).format())));
    args.put("total", quote.memberPaysMoney().format());
    args.put("coverage", coverage(language, household.product()));
    return messages.text(language, "ussd.pay.confirm", args);
  }

  private String coverage(String language, ProductConfig product) {
    int months = product.periodicity().months();
    return months == 12 ? messages.text(language, "ussd.pay.coverageYears")
        : messages.text(language, "ussd.pay.coverageMonths", Map.of("months", months));
  }

  private String rightsScreen(String language, UssdContext context) {
    HouseholdView household = context.household();
    var status = RightsPolicy.evaluate(household.firstPaidOn(), household.coveredUntil(), context.today(),
        household.product().waitingPeriodMonths(), household.product().gracePeriodMonths());
    return messages.text(language, "ussd.rights", Map.of(
        "memberNumber", household.memberNumber(), "persons", household.persons(), "status", messages.rights(language, status)));
  }

  private String receiptsScreen(String language, UssdContext context) {
    List<ReceiptLine> receipts = context.household().recentReceipts();
    if (receipts.isEmpty()) {
      return messages.text(language, "ussd.receipts.none", Map.of("serviceCode", context.serviceCode()));
    }
    List<String> lines = new ArrayList<>();
    String screen = null;
    for (ReceiptLine receipt : receipts.subList(0, Math.min(MAX_RECEIPT_LINES, receipts.size()))) {
      lines.add(messages.text(language, "ussd.receipts.line", Map.of(
          "number", receipt.number(), "date", Messages.date(receipt.date()), "amount", receipt.amount().format())));
      String candidate = messages.text(language, "ussd.receipts", Map.of("lines", String.join("\n", lines)));
      if (candidate.length() > UssdReply.MAX_SCREEN) break;
      screen = candidate;
    }
    return screen;
  }

  private UssdReply invalid(MenuState state, String screen) {
    return UssdReply.next(messages.text(state.language(), "ussd.invalid") + "\n" + screen, state);
  }
}
