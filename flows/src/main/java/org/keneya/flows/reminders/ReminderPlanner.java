package org.keneya.flows.reminders;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keneya.config.ProductConfig;
import org.keneya.config.RemindersConfig;
import org.keneya.flows.rights.RightsStatus;

/**
 * Which reminder, if any, a household is due today. Each step of a plan is due from its day until
 * the next step's, so that a gateway stopped on the day itself, or started mid-season, still sends
 * the step that applies; the caller sends each {@link Reminder#key()} at most once per household.
 * When several are due the same day, the most pressing is chosen: the last one before suspension,
 * then the harvest's, then a campaign's.
 */
public final class ReminderPlanner {
  private final RemindersConfig config;

  public ReminderPlanner(RemindersConfig config) {
    this.config = config;
  }

  /**
   * @param region where the household lives (its section's region), null when unknown
   * @param status the household's standing today
   * @param coveredUntil the last day its contributions cover, null when it has paid nothing
   */
  public Optional<Reminder> due(ProductConfig product, String region, RightsStatus status, LocalDate coveredUntil, LocalDate today) {
    ProductConfig.ReminderPlan plan = product.reminders();
    if (plan != null && plan.beforeSuspensionDays() > 0 && status instanceof RightsStatus.Grace grace
        && !today.isBefore(grace.graceUntil().minusDays(plan.beforeSuspensionDays())) && !today.isAfter(grace.graceUntil())) {
      return Optional.of(new Reminder("suspension-" + product.id() + "-" + YearMonth.from(grace.graceUntil()),
          "suspension-" + product.id() + ":" + grace.graceUntil(), Reminder.Kind.BEFORE_SUSPENSION, grace.graceUntil(),
          "reminder.beforeSuspension"));
    }
    int dueWithin = plan == null ? 0 : plan.dueWithinDays();
    if (coveredUntil != null && coveredUntil.isAfter(today.plusDays(dueWithin))) return Optional.empty();
    if (plan != null && plan.crop() != null && region != null) {
      Optional<Reminder> harvest = config.harvest(plan.crop(), region).flatMap(h -> harvestStep(product, plan, h, today));
      if (harvest.isPresent()) return harvest;
    }
    return config.campaignsOrEmpty().stream().filter(c -> c.covers(product.id()) && c.month() == today.getMonthValue())
        .flatMap(c -> campaignStep(c, today).stream()).findFirst();
  }

  /** The first day of the selling season {@code today} falls in, if it does. */
  public static Optional<LocalDate> seasonStart(RemindersConfig.Harvest harvest, LocalDate today) {
    int month = today.getMonthValue();
    boolean acrossNewYear = harvest.fromMonth() > harvest.toMonth();
    if (!acrossNewYear) {
      return month >= harvest.fromMonth() && month <= harvest.toMonth()
          ? Optional.of(LocalDate.of(today.getYear(), harvest.fromMonth(), 1)) : Optional.empty();
    }
    if (month >= harvest.fromMonth()) return Optional.of(LocalDate.of(today.getYear(), harvest.fromMonth(), 1));
    if (month <= harvest.toMonth()) return Optional.of(LocalDate.of(today.getYear() - 1, harvest.fromMonth(), 1));
    return Optional.empty();
  }

  /** The last day of the season that began on {@code start}. */
  static LocalDate seasonEnd(RemindersConfig.Harvest harvest, LocalDate start) {
    int year = harvest.fromMonth() > harvest.toMonth() ? start.getYear() + 1 : start.getYear();
    return YearMonth.of(year, harvest.toMonth()).atEndOfMonth();
  }

  private static Optional<Reminder> harvestStep(ProductConfig product, ProductConfig.ReminderPlan plan, RemindersConfig.Harvest harvest,
      LocalDate today) {
    Optional<LocalDate> start = seasonStart(harvest, today);
    if (start.isEmpty()) return Optional.empty();
    LocalDate end = seasonEnd(harvest, start.get());
    List<Integer> offsets = new ArrayList<>();
    offsets.add(0);
    plan.followUpDaysOrEmpty().stream().sorted().distinct().filter(d -> !start.get().plusDays(d).isAfter(end)).forEach(offsets::add);
    int step = -1;
    for (int i = 0; i < offsets.size(); i++) {
      if (!today.isBefore(start.get().plusDays(offsets.get(i)))) step = i;
    }
    String campaign = "harvest-" + product.id() + "-" + start.get().getYear();
    return step == 0
        ? Optional.of(new Reminder(campaign, campaign + ":start", Reminder.Kind.HARVEST_START, null, "reminder.harvestStart"))
        : Optional.of(new Reminder(campaign, campaign + ":day-" + offsets.get(step), Reminder.Kind.HARVEST_FOLLOW_UP, null,
            "reminder.harvestFollowUp"));
  }

  private static Optional<Reminder> campaignStep(RemindersConfig.Campaign campaign, LocalDate today) {
    Optional<Integer> day = campaign.days().stream().filter(d -> d <= today.getDayOfMonth()).max(Integer::compare);
    String id = campaign.id() + "-" + today.getYear();
    return day.map(d -> new Reminder(id, id + ":day-" + d, Reminder.Kind.CAMPAIGN, null, campaign.message()));
  }
}
