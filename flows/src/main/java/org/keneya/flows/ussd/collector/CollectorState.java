package org.keneya.flows.ussd.collector;

import java.time.Instant;
import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.ussd.UssdState;

/**
 * Where a collector is in the collector's menu. A PIN step only says which PIN is asked; a step
 * after one ({@link Step#NEW_PIN}) is the only trace that a PIN was verified.
 *
 * @param memberToo the collector heads a household too, and may switch to the members' menu
 * @param figures what the collector asked to see behind the PIN, null otherwise
 * @param deposit the deposit being entered, null before a household is chosen
 */
public record CollectorState(Step step, String language, boolean memberToo, Figures figures, Deposit deposit) implements UssdState {
  public enum Step {
    MENU,
    MEMBER,
    PERIODS,
    AMOUNT,
    TIME,
    /** The PIN that records the deposit. */
    PIN,
    /** The PIN that shows the cash position or the commission. */
    FIGURES_PIN,
    OLD_PIN,
    NEW_PIN;

    /** Whether the input of this step is a PIN. */
    public boolean readsPin() {
      return this == PIN || this == FIGURES_PIN || this == OLD_PIN || this == NEW_PIN;
    }
  }

  /** The collector's own figures, shown after the PIN. */
  public enum Figures {
    POSITION,
    COMMISSION
  }

  /**
   * A deposit as far as it was entered: the household, then the periods (or quantity) and the quote,
   * then the time of collection.
   *
   * @param memberLanguage the language the household reads its SMS in
   * @param periods the periods paid (1 for a product priced by quantity), 0 until entered
   * @param quote what the household pays, null until the periods are entered
   * @param collectedAt when the cash changed hands, null until entered
   */
  public record Deposit(UUID householdId, String memberNumber, String headMsisdn, String memberLanguage, UUID enrolmentId, String sectionId,
      int periods, ContributionQuote quote, Instant collectedAt) {
    Deposit priced(int newPeriods, ContributionQuote newQuote) {
      return new Deposit(householdId, memberNumber, headMsisdn, memberLanguage, enrolmentId, sectionId, newPeriods, newQuote, collectedAt);
    }

    Deposit collected(Instant at) {
      return new Deposit(householdId, memberNumber, headMsisdn, memberLanguage, enrolmentId, sectionId, periods, quote, at);
    }
  }

  static CollectorState menu(String language, boolean memberToo) {
    return new CollectorState(Step.MENU, language, memberToo, null, null);
  }

  /**
   * The household the next input is read against (the periods are priced on its figures of the
   * moment): the shell reads it before the hop. Null at the other steps.
   */
  public UUID householdToRead() {
    return step == Step.PERIODS ? deposit.householdId() : null;
  }

  CollectorState at(Step next) {
    return new CollectorState(next, language, memberToo, figures, deposit);
  }

  CollectorState showing(Figures shown) {
    return new CollectorState(Step.FIGURES_PIN, language, memberToo, shown, null);
  }

  CollectorState entering(Step next, Deposit entered) {
    return new CollectorState(next, language, memberToo, null, entered);
  }

  CollectorState inLanguage(String other) {
    return new CollectorState(step, other, memberToo, figures, deposit);
  }
}
