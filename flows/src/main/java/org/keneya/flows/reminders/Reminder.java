package org.keneya.flows.reminders;

import java.time.LocalDate;

/**
 * A reminder due to a household today.
 *
 * @param campaign what the reminder belongs to, as reported: one product's harvest season
 *     ("harvest-cotton-harvest-2026"), one month's suspensions ("suspension-urban-voluntary-2026-11")
 *     or one year's campaign ("solidarity-month-2026")
 * @param key the reminder itself within its campaign: a household receives each key at most once
 * @param deadline for {@link Kind#BEFORE_SUSPENSION}, the last day of grace; otherwise null
 * @param message the catalogue key of the SMS
 */
public record Reminder(String campaign, String key, Kind kind, LocalDate deadline, String message) {
  public enum Kind { HARVEST_START, HARVEST_FOLLOW_UP, BEFORE_SUSPENSION, CAMPAIGN }
}
