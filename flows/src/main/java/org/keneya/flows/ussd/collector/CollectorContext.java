package org.keneya.flows.ussd.collector;

import java.time.ZonedDateTime;
import org.keneya.config.MutualConfig;
import org.keneya.flows.ussd.HouseholdView;

/**
 * The facts one hop of a collector's menu is answered with, read by the shell before the hop.
 *
 * @param mutual the collector's mutual: the only one whose households the collector takes deposits from
 * @param sectionId the collector's section, whose contact is given when the collector's PIN entries are delayed
 * @param commissionPercent the collector's commission on the cash confirmed in a month
 * @param countryCode the calling code of a phone number typed without one
 * @param now when the hop is answered, in the members' time zone
 * @param household the household named by {@link CollectorState#householdToRead}, null when it names none
 * @param pinsAllowed false when the hop came in a query string (freeflow GET), which proxies log: no
 *     PIN is then asked for or read
 */
public record CollectorContext(String collectorName, MutualConfig mutual, String sectionId, int commissionPercent, String countryCode,
    ZonedDateTime now, HouseholdView household, boolean pinsAllowed) {}
