package org.keneya.flows.ussd;

import java.time.LocalDate;

/**
 * The facts one hop is answered with.
 *
 * @param household the caller's household, null when the number belongs to none
 * @param helpContact whom a caller with an unknown number should contact
 */
public record UssdContext(String serviceCode, LocalDate today, HouseholdView household, String helpContact) {}
