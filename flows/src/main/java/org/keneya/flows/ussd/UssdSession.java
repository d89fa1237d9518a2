package org.keneya.flows.ussd;

/**
 * A USSD session between hops: the menu state, the {@code text} of the last hop answered and the
 * answer given, so that a hop the aggregator resends gets the same answer and runs nothing twice.
 *
 * @param lastText every input answered so far, as the aggregator joins them; empty in the menus that
 *     read PINs, whose text holds the PIN: they keep {@code inputs} instead
 * @param inputs how many inputs of a cumulative text were answered, in the menus that read PINs
 */
public record UssdSession(String sessionId, String msisdn, UssdState state, String lastText, String lastAnswer, boolean ended, int inputs) {
  public UssdSession(String sessionId, String msisdn, UssdState state, String lastText, String lastAnswer, boolean ended) {
    this(sessionId, msisdn, state, lastText, lastAnswer, ended, 0);
  }
}
