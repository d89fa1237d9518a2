package org.keneya.flows.ussd;

import java.util.List;
import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;

/** Something the shell must carry out after answering a hop; the engine only describes it. */
public sealed interface Effect {
  /**
   * Ask the member's wallet for {@code quote.memberPays()}; the receipt follows its confirmation.
   *
   * @param beneficiaries the persons the contribution covers
   */
  record RequestPayment(UUID householdId, ContributionQuote quote, List<UUID> beneficiaries, String wallet, String language)
      implements Effect {}

  /** The household confirms ({@code confirmed}) or disputes the collector's cash deposit {@code code}. */
  record AnswerDeposit(String code, boolean confirmed, String language) implements Effect {}

  /** Send {@code text} by SMS to the caller (at most once per session). */
  record SendSms(String purpose, String text) implements Effect {}
}
