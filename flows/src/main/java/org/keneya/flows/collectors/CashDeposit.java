package org.keneya.flows.collectors;

import java.time.LocalDate;
import java.util.UUID;
import org.keneya.flows.money.Money;

/**
 * A cash deposit as its answer needs it: who collected it, for which household, how much, on which
 * day (in the members' time zone), and where it stands.
 */
public record CashDeposit(UUID id, String code, DepositStatus status, String mutualCode, String memberNumber, String headMsisdn,
    String language, String collectorName, String collectorMsisdn, Money amount, LocalDate collectedOn) {}
