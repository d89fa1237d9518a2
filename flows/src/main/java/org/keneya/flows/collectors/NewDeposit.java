package org.keneya.flows.collectors;

import java.time.Instant;
import java.util.UUID;
import org.keneya.flows.money.ContributionQuote;

/**
 * A deposit a collector enters: collector {@code collectorName} received what {@code quote} asks
 * of household {@code memberNumber} of mutual {@code mutualCode} at {@code collectedAt}; it is known
 * to the member by {@code code}, and {@code channelRef} (the USSD session) enters it once.
 *
 * @param language the household's language, which the SMS to its head ({@code headMsisdn}) is written in
 */
public record NewDeposit(UUID collectorId, String collectorName, String mutualCode, UUID householdId, UUID enrolmentId, String memberNumber,
    String headMsisdn, String language, ContributionQuote quote, int periods, Instant collectedAt, String channelRef, String code) {}
