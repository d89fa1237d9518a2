package org.keneya.flows.ussd;

/**
 * A USSD session between hops: the menu state, the {@code text} of the last hop answered and the
 * answer given, so that a hop the aggregator resends gets the same answer and runs nothing twice.
 */
public record UssdSession(String sessionId, String msisdn, MenuState state, String lastText, String lastAnswer, boolean ended) {}
