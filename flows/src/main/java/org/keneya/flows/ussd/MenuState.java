package org.keneya.flows.ussd;

/**
 * Where a caller is in the menus. Serialised between hops (Redis or memory), so it holds only plain
 * values; never what the caller typed on a secret screen.
 *
 * @param quantity the declared quantity, once a per-quantity product has asked for it
 */
public record MenuState(Step step, String language, long quantity) {
  public enum Step {
    LANGUAGE,
    MAIN,
    PAY_QUANTITY,
    PAY_CONFIRM
  }

  MenuState at(Step next) {
    return new MenuState(next, language, quantity);
  }
}
