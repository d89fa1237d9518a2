package org.keneya.flows.ussd;

import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;

/** Something the shell must carry out after answering a hop; the engine only describes it. */
public sealed interface Effect {
  /** Ask the member's wallet for {@code quote.memberPays()}; the receipt follows its confirmation. */
  record RequestPayment(UUID householdId, ContributionQuote quote, String language) implements Effect {}
}
