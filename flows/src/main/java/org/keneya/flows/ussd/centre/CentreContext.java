package org.keneya.flows.ussd.centre;

import java.time.ZoneId;

/**
 * The facts one hop of a health centre's rights check is answered with, read by the shell before the hop.
 *
 * @param mutualCode the code of the centre's first mutual, in which digits alone are read (see
 *     {@link org.keneya.flows.people.MemberNumbers})
 * @param zone the time zone a delay's end is told in
 * @param pinSet whether the mutual has set the centre's PIN yet
 * @param pinsAllowed false when the hop came in a query string (freeflow GET), which proxies log: no
 *     PIN is then asked for or read
 */
public record CentreContext(String centreName, String mutualCode, String serviceCode, ZoneId zone, boolean pinSet, boolean pinsAllowed) {}
