package org.keneya.config;

import java.util.List;

/**
 * Collectors (section agents) who take cash and enter it by USSD.
 *
 * @param autoConfirmAfterHours a deposit its member has neither confirmed nor disputed is confirmed
 *     after this many hours, and flagged as such in the books and reports (0: never; the member must answer)
 * @param commissionPercent the collector's share of the confirmed cash collected in a month; a mutual
 *     may set its own ({@code mutuals[].collectorCommissionPercent})
 * @param cashHeldDays the anomalies report names confirmed cash held longer than this without remittance...
 * @param cashHeldAmount ...or a collector holding more than this amount
 * @param depositsPerHousehold ...a household with more deposits than this in 30 days...
 * @param enteredLateHours ...and deposits entered this many hours or more after their collection
 */
public record CollectorsConfig(int autoConfirmAfterHours, int commissionPercent, int cashHeldDays, long cashHeldAmount,
    int depositsPerHousehold, int enteredLateHours) {

  /** Without a {@code collectors} section: auto-confirm after 48 h, 5 % commission, the anomaly thresholds below. */
  public static CollectorsConfig defaults() {
    return new CollectorsConfig(48, 5, 7, 100_000, 3, 12);
  }

  public void validate(String key, List<String> problems) {
    if (autoConfirmAfterHours < 0 || autoConfirmAfterHours > 24 * 30) problems.add(key + ".autoConfirmAfterHours: 0 (never) to 720");
    if (commissionPercent < 0 || commissionPercent > 50) problems.add(key + ".commissionPercent: 0 to 50");
    if (cashHeldDays < 1) problems.add(key + ".cashHeldDays: at least 1");
    if (cashHeldAmount < 1) problems.add(key + ".cashHeldAmount: at least 1");
    if (depositsPerHousehold < 1) problems.add(key + ".depositsPerHousehold: at least 1");
    if (enteredLateHours < 1) problems.add(key + ".enteredLateHours: at least 1");
  }
}
