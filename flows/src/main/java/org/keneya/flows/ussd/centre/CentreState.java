package org.keneya.flows.ussd.centre;

import org.keneya.flows.ussd.UssdState;

/** Where a health centre is in its rights check: asked for its PIN, or past it ({@link Step#MEMBER_NUMBER}: the PIN was verified). */
public record CentreState(Step step, String language) implements UssdState {
  public enum Step {
    PIN,
    MEMBER_NUMBER
  }

  /** Past the PIN: what an SMS from the centre's phone starts from, the phone being all it proves. */
  public static CentreState pastPin(String language) {
    return new CentreState(Step.MEMBER_NUMBER, language);
  }

  CentreState at(Step next) {
    return new CentreState(next, language);
  }
}
