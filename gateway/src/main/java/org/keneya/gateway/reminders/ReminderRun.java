package org.keneya.gateway.reminders;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.keneya.adapters.pg.PgReminders;
import org.keneya.adapters.pg.PgRights;
import org.keneya.adapters.pg.PgRights.Household;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.config.RemindersConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.messages.ReminderMessage;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.Money;
import org.keneya.flows.reminders.Reminder;
import org.keneya.flows.reminders.ReminderPlanner;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a day, from {@code reminders.runHour} outside the quiet hours: each enrolled household that
 * has not sent STOP is given the reminder its product's plan makes due today (harvest season start
 * and follow-ups in its region, the last one before suspension, campaigns such as October's
 * solidarity month), if it has an amount due; its SMS states the amount and the USSD code. One
 * instance runs it per day (claimed in the database); a run cut short is taken over after its lease,
 * and households already reminded are passed over, so none is reminded twice.
 */
public final class ReminderRun {
  static final String JOB = "reminders";
  private static final Logger LOG = LoggerFactory.getLogger(ReminderRun.class);
  private static final int PAGE = 500;
  private static final int LEASE_SECONDS = 15 * 60;

  private final PgRights households;
  private final PgReminders reminders;
  private final KeneyaConfig config;
  private final RemindersConfig rules;
  private final ReminderPlanner planner;
  private final Messages messages;
  private final Clock clock;
  private final Metrics metrics;
  private final Map<String, MutualConfig> mutualsByCode;
  private final String instance = UUID.randomUUID().toString();

  public ReminderRun(PgRights households, PgReminders reminders, KeneyaConfig config, Messages messages, Clock clock, Metrics metrics) {
    this.households = households;
    this.reminders = reminders;
    this.config = config;
    this.rules = config.remindersOrDefaults();
    this.planner = new ReminderPlanner(rules);
    this.messages = messages;
    this.clock = clock;
    this.metrics = metrics;
    this.mutualsByCode = config.mutuals().stream().collect(Collectors.toMap(MutualConfig::code, m -> m));
  }

  /** What a run did: reminders queued, held by the weekly cap, and households passed over as already reminded. */
  public record Totals(int queued, int held, int already) {
    Totals plus(PgReminders.Outcome outcome) {
      return switch (outcome) {
        case QUEUED -> new Totals(queued + 1, held, already);
        case HELD -> new Totals(queued, held + 1, already);
        case ALREADY -> new Totals(queued, held, already + 1);
      };
    }
  }

  /** Runs today's reminders if their hour has come, outside quiet hours, and no instance has done them; empty when it did not run. */
  public Future<Optional<Totals>> runIfDue() {
    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(rules.zone());
    if (now.getHour() < rules.runHour() || rules.quiet(now)) return Future.succeededFuture(Optional.empty());
    LocalDate today = now.toLocalDate();
    return households.once(JOB, today, instance, LEASE_SECONDS, () -> {
      long started = System.nanoTime();
      return page(null, today, new Totals(0, 0, 0))
          .onSuccess(totals -> LOG.info("reminders of {}: {} queued, {} held by the weekly cap, {} already reminded, in {} ms", today,
              totals.queued(), totals.held(), totals.already(), (System.nanoTime() - started) / 1_000_000))
          .onFailure(e -> LOG.error("reminders of {} failed; another instance takes them over after the lease", today, e));
    });
  }

  private Future<Totals> page(UUID after, LocalDate today, Totals totals) {
    return households.households(after, PAGE).compose(page -> {
      if (page.isEmpty()) return Future.succeededFuture(totals);
      List<PgReminders.Chosen> chosen = new ArrayList<>();
      for (Household household : page) choose(household, today).ifPresent(chosen::add);
      UUID last = page.get(page.size() - 1).id();
      return reminders.record(chosen, rules.maxPerHouseholdPerWeek()).compose(outcomes -> {
        Totals sum = totals;
        for (int i = 0; i < outcomes.size(); i++) {
          sum = sum.plus(outcomes.get(i));
          metrics.reminder(chosen.get(i).kind().toLowerCase(java.util.Locale.ROOT), outcomes.get(i).name().toLowerCase(java.util.Locale.ROOT));
        }
        return page(last, today, sum);
      });
    });
  }

  /** The reminder due to {@code household} today, with its SMS; empty when none is, or it sent STOP. */
  Optional<PgReminders.Chosen> choose(Household household, LocalDate today) {
    if (household.smsOptOut()) return Optional.empty();
    MutualConfig mutual = mutualsByCode.get(household.mutualCode());
    Optional<ProductConfig> product = config.product(household.productId());
    if (mutual == null || product.isEmpty()) return Optional.empty();
    LocalDate firstPaid = household.persons().stream().map(PgRights.Person::firstPaidOn).filter(d -> d != null).min(LocalDate::compareTo)
        .orElse(null);
    LocalDate coveredUntil = household.persons().stream().map(PgRights.Person::coveredUntil).filter(d -> d != null)
        .max(LocalDate::compareTo).orElse(null);
    RightsStatus status = RightsPolicy.evaluate(firstPaid, null, coveredUntil, today, product.get());
    String region = mutual.section(household.sectionId()).map(s -> s.regionIn(mutual)).orElse(mutual.region());
    Optional<Reminder> reminder = planner.due(product.get(), region, status, coveredUntil, today);
    if (reminder.isEmpty()) return Optional.empty();
    Money due = due(product.get(), mutual, household);
    String language = messages.supports(household.language()) ? household.language() : Messages.DEFAULT_LANGUAGE;
    String text = ReminderMessage.render(messages, language, reminder.get(), product.get(), household.mutualCode(), household.memberNumber(),
        due, config.ussd().serviceCode());
    return Optional.of(new PgReminders.Chosen(household.id(), reminder.get().key(), reminder.get().campaign(), reminder.get().kind().name(),
        mutual.id(), household.sectionId(), due.amount(), due.currency(), household.headMsisdn(), text));
  }

  /** What renewing the whole household costs it for one period; for produce-priced products, the price of one unit. */
  private static Money due(ProductConfig product, MutualConfig mutual, Household household) {
    if (product.contribution() instanceof ProductConfig.ContributionRule.PerQuantity perQuantity) {
      return Money.of(perQuantity.amountPerUnit(), mutual.currency());
    }
    return ContributionCalculator.renewal(product, mutual.currency(), household.guaranteeLevel(), household.persons().size(),
        household.adhesionFeesPaid()).memberPaysMoney();
  }
}
