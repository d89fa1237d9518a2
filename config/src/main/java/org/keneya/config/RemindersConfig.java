package org.keneya.config;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reminder SMS to households with an amount due: when each region sells each crop, campaigns such
 * as October's solidarity month, and the rules every reminder obeys. Each product says, in its own
 * {@code reminders} plan, which crop's calendar it follows and when to remind.
 *
 * @param timeZone the members' time zone: quiet hours and the run hour are read in it, and a collector's cash is
 *     paid on the day it was collected there
 * @param quietFrom no reminder leaves from this time ("21:00")...
 * @param quietUntil ...until this one ("07:00"): what is due then waits for the morning; the same
 *     time as {@code quietFrom}: no quiet hours
 * @param maxPerHouseholdPerWeek the most reminders one household receives in any seven days; those
 *     over it are recorded as held, not sent
 * @param runHour the hour (in {@code timeZone}) from which the day's reminders are chosen and queued
 * @param harvests when each crop is sold, region by region
 * @param campaigns reminders on fixed days of the year, for all or some products
 */
public record RemindersConfig(
    String timeZone,
    String quietFrom,
    String quietUntil,
    int maxPerHouseholdPerWeek,
    int runHour,
    List<Harvest> harvests,
    List<Campaign> campaigns) {

  /** Without a {@code reminders} section: quiet 21:00 to 07:00 in Bamako, two a week, from 9:00, no harvest or campaign. */
  public static RemindersConfig defaults() {
    return new RemindersConfig("Africa/Bamako", "21:00", "07:00", 2, 9, List.of(), List.of());
  }

  /**
   * The months producers of {@code crop} sell it in {@code regions}: from {@code fromMonth} to
   * {@code toMonth} (1 to 12), across the new year when {@code toMonth} comes first (November to January).
   */
  public record Harvest(String crop, List<String> regions, int fromMonth, int toMonth) {}

  /**
   * Reminders sent on {@code days} of {@code month} each year to the households of {@code products}
   * (all products when empty) with an amount due, under the message {@code message} of the catalogues.
   */
  public record Campaign(String id, String name, int month, List<Integer> days, List<String> products, String message) {
    public boolean covers(String productId) {
      return products == null || products.isEmpty() || products.contains(productId);
    }
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether {@code now} falls in the quiet hours, when no reminder is sent. */
  public boolean quiet(ZonedDateTime now) {
    return quiet(now.withZoneSameInstant(zone()).toLocalTime());
  }

  /** Whether {@code time}, in the members' time zone, falls in the quiet hours. */
  private boolean quiet(LocalTime time) {
    LocalTime from = LocalTime.parse(quietFrom);
    LocalTime until = LocalTime.parse(quietUntil);
    if (from.equals(until)) return false;
    // Quiet hours usually span midnight (21:00 to 07:00); a span within one day is allowed too.
    return from.isAfter(until) ? !time.isBefore(from) || time.isBefore(until) : !time.isBefore(from) && time.isBefore(until);
  }

  /** When the quiet hours that {@code now} falls in end. */
  public ZonedDateTime quietEnds(ZonedDateTime now) {
    ZonedDateTime local = now.withZoneSameInstant(zone());
    ZonedDateTime end = local.with(LocalTime.parse(quietUntil));
    return end.isAfter(local) ? end : end.plusDays(1);
  }

  public List<Harvest> harvestsOrEmpty() {
    return harvests == null ? List.of() : harvests;
  }

  public List<Campaign> campaignsOrEmpty() {
    return campaigns == null ? List.of() : campaigns;
  }

  /** The selling months of {@code crop} in {@code region}, if the calendar has them. */
  public java.util.Optional<Harvest> harvest(String crop, String region) {
    return harvestsOrEmpty().stream().filter(h -> h.crop().equals(crop) && h.regions() != null && h.regions().contains(region)).findFirst();
  }

  /** Adds to {@code problems} what is wrong with this section, each named under {@code key}. */
  public void validate(String key, Set<String> productIds, List<String> problems) {
    try {
      zone();
    } catch (DateTimeException | NullPointerException e) {
      problems.add(key + ".timeZone: a time zone such as Africa/Bamako");
    }
    boolean timesRead = time(key + ".quietFrom", quietFrom, problems) & time(key + ".quietUntil", quietUntil, problems);
    if (maxPerHouseholdPerWeek < 1 || maxPerHouseholdPerWeek > 14) problems.add(key + ".maxPerHouseholdPerWeek: must be 1 to 14");
    if (runHour < 0 || runHour > 23) problems.add(key + ".runHour: must be an hour, 0 to 23");
    else if (timesRead && problems.stream().noneMatch(p -> p.startsWith(key + ".timeZone"))
        && quiet(LocalTime.of(runHour, 0))) {
      problems.add(key + ".runHour: " + runHour + ":00 falls in the quiet hours " + quietFrom + "-" + quietUntil);
    }
    Set<String> seasons = new HashSet<>();
    List<Harvest> harvestList = harvestsOrEmpty();
    for (int i = 0; i < harvestList.size(); i++) {
      Harvest h = harvestList.get(i);
      String hk = key + ".harvests[" + i + "]";
      if (h.crop() == null || !h.crop().matches("[a-z0-9-]+")) problems.add(hk + ".crop: required, lower-case letters, digits and '-'");
      if (h.regions() == null || h.regions().isEmpty()) problems.add(hk + ".regions: the regions that sell in these months");
      else h.regions().stream().filter(r -> !seasons.add(h.crop() + "/" + r))
          .forEach(r -> problems.add(hk + ".regions: " + h.crop() + " in " + r + " has two calendars"));
      if (h.fromMonth() < 1 || h.fromMonth() > 12) problems.add(hk + ".fromMonth: a month, 1 to 12");
      if (h.toMonth() < 1 || h.toMonth() > 12) problems.add(hk + ".toMonth: a month, 1 to 12");
    }
    Set<String> ids = new HashSet<>();
    List<Campaign> campaignList = campaignsOrEmpty();
    for (int i = 0; i < campaignList.size(); i++) {
      Campaign c = campaignList.get(i);
      String ck = key + ".campaigns[" + i + "]";
      if (c.id() == null || !c.id().matches("[a-z0-9-]+")) problems.add(ck + ".id: required, lower-case letters, digits and '-'");
      else if (!ids.add(c.id())) problems.add(ck + ".id: duplicate campaign '" + c.id() + "'");
      if (c.name() == null || c.name().isBlank()) problems.add(ck + ".name: required");
      if (c.month() < 1 || c.month() > 12) problems.add(ck + ".month: a month, 1 to 12");
      if (c.days() == null || c.days().isEmpty()) problems.add(ck + ".days: the days of the month reminders go out");
      else if (c.days().stream().anyMatch(d -> d == null || d < 1 || d > 28)) problems.add(ck + ".days: days 1 to 28 (every month has them)");
      if (c.message() == null || c.message().isBlank()) problems.add(ck + ".message: the catalogue key of its SMS, e.g. reminder.solidarity");
      if (c.products() != null) c.products().stream().filter(p -> !productIds.contains(p))
          .forEach(p -> problems.add(ck + ".products: unknown product '" + p + "'"));
    }
  }

  private static boolean time(String key, String value, List<String> problems) {
    try {
      LocalTime.parse(String.valueOf(value));
      return true;
    } catch (DateTimeParseException e) {
      problems.add(key + ": a time such as 21:00");
      return false;
    }
  }
}
