package org.keneya.flows.ussd;

import java.util.List;

/**
 * Where a caller is in the menus. Serialised between hops (Redis or memory), so it holds only plain
 * values; never what the caller typed on a secret screen.
 *
 * @param quantity the declared quantity, once a per-quantity product has asked for it
 * @param months the months bought, once a monthly product has asked for them (0: one period)
 * @param chosen member numbers of the persons chosen to pay for; null for the whole household
 * @param page the page shown of a list that takes several screens
 * @param resumeAt the payment step a dropped session stopped at, while offering to resume it
 */
public record MenuState(Step step, String language, long quantity, int months, List<String> chosen, int page, Step resumeAt)
    implements UssdState {
  public enum Step {
    LANGUAGE,
    MAIN,
    PAY_WHO,
    PAY_CHOOSE,
    PAY_MONTHS,
    PAY_QUANTITY,
    PAY_CONFIRM,
    PAY_WALLET,
    RIGHTS,
    RECEIPTS,
    HOUSEHOLD,
    /** A collector's cash deposit to confirm or dispute. */
    DEPOSIT,
    RESUME;

    /** Steps of a payment not yet asked: a session dropped here may be resumed. */
    public boolean payment() {
      return name().startsWith("PAY_");
    }
  }

  public static MenuState initial(String language) {
    return new MenuState(Step.LANGUAGE, language, 0, 0, null, 0, null);
  }

  /** The main menu, with nothing chosen yet. */
  static MenuState main(String language) {
    return new MenuState(Step.MAIN, language, 0, 0, null, 0, null);
  }

  MenuState at(Step next) {
    return new MenuState(next, language, quantity, months, chosen, 0, null);
  }

  MenuState onPage(int newPage) {
    return new MenuState(step, language, quantity, months, chosen, newPage, resumeAt);
  }

  MenuState withQuantity(long newQuantity) {
    return new MenuState(step, language, newQuantity, months, chosen, page, resumeAt);
  }

  MenuState withMonths(int newMonths) {
    return new MenuState(step, language, quantity, newMonths, chosen, page, resumeAt);
  }

  MenuState withChosen(List<String> newChosen) {
    return new MenuState(step, language, quantity, months, newChosen == null ? null : List.copyOf(newChosen), page, resumeAt);
  }

  /** This payment state, parked behind the offer to resume it. */
  MenuState offeringResume() {
    return new MenuState(Step.RESUME, language, quantity, months, chosen, 0, step);
  }
}
