package org.keneya.gateway.rights;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keneya.adapters.pg.PgRights;
import org.keneya.adapters.pg.PgRights.Household;
import org.keneya.adapters.pg.PgRights.Person;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.messages.RightsNotice;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.rights.RightsTransition;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a day, from {@code rights.dailyRunHour}: every enrolled person's rights recomputed from
 * what was paid, and each household told by SMS, in its language, of the changes it should know
 * (opened, grace started with the amount due, suspended, reopened). One gateway instance runs it
 * per day (claimed in the database); a run cut short is taken over after its lease and is safe to
 * repeat, as each person's status is recorded with the SMS that told it.
 */
public final class DailyRightsRun {
  static final String JOB = "rights";
  private static final Logger LOG = LoggerFactory.getLogger(DailyRightsRun.class);
  private static final int PAGE = 500;
  private static final int LEASE_SECONDS = 15 * 60;

  private final PgRights store;
  private final KeneyaConfig config;
  private final Messages messages;
  private final Clock clock;
  private final Metrics metrics;
  private final String instance = UUID.randomUUID().toString();

  public DailyRightsRun(PgRights store, KeneyaConfig config, Messages messages, Clock clock, Metrics metrics) {
    this.store = store;
    this.config = config;
    this.messages = messages;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Runs today's rights run if its hour has come and no instance has done it; the SMS queued, or -1 when it did not run. */
  public Future<Integer> runIfDue() {
    LocalDateTime now = LocalDateTime.now(clock);
    if (now.getHour() < config.rights().dailyRunHour()) return Future.succeededFuture(-1);
    LocalDate today = now.toLocalDate();
    return store.once(JOB, today, instance, LEASE_SECONDS, () -> {
      long started = System.nanoTime();
      return page(null, today, 0)
          .onSuccess(told -> LOG.info("rights run of {}: {} SMS queued in {} ms", today, told, (System.nanoTime() - started) / 1_000_000))
          .onFailure(e -> LOG.error("rights run of {} failed; another instance takes it over after its lease", today, e));
    }).map(told -> told.orElse(-1));
  }

  private Future<Integer> page(UUID after, LocalDate today, int told) {
    return store.households(after, PAGE).compose(households -> {
      if (households.isEmpty()) return Future.succeededFuture(told);
      List<PgRights.StatusChange> changes = new ArrayList<>();
      List<PgRights.Sms> sms = new ArrayList<>();
      for (Household household : households) review(household, today, changes, sms);
      UUID last = households.get(households.size() - 1).id();
      return store.record(today, changes, sms).compose(x -> page(last, today, told + sms.size()));
    });
  }

  private void review(Household household, LocalDate today, List<PgRights.StatusChange> changes, List<PgRights.Sms> sms) {
    Optional<ProductConfig> product = config.product(household.productId());
    Optional<MutualConfig> mutual = config.mutuals().stream().filter(m -> m.code().equals(household.mutualCode())).findFirst();
    if (product.isEmpty() || mutual.isEmpty()) {
      LOG.error("household {} is enrolled in product {} of mutual {}, no longer configured: its rights are not reviewed",
          household.memberNumber(), household.productId(), household.mutualCode());
      return;
    }
    Map<RightsTransition, List<RightsStatus>> transitions = new EnumMap<>(RightsTransition.class);
    for (Person person : household.persons()) {
      RightsStatus status = RightsPolicy.evaluate(person.firstPaidOn(),
          RightsPolicy.coverStartedOn(person.periods(), product.get().gracePeriodMonths()), person.coveredUntil(), today, product.get());
      if (status.code().equals(person.toldStatus())) continue;
      changes.add(new PgRights.StatusChange(person.id(), status.code()));
      RightsTransition.between(person.toldStatus(), status)
          .ifPresent(transition -> transitions.computeIfAbsent(transition, t -> new ArrayList<>()).add(status));
    }
    // A household that sent STOP is not told; its statuses are still recorded, so START does not replay old news.
    if (household.smsOptOut()) return;
    transitions.forEach((transition, statuses) -> {
      String language = messages.supports(household.language()) ? household.language() : Messages.DEFAULT_LANGUAGE;
      String text = RightsNotice.render(messages, language, household.mutualCode(), household.memberNumber(), transition,
          statuses.size(), household.persons().size(), soonest(statuses), due(transition, product.get(), mutual.get(), household,
              statuses.size()), config.ussd().serviceCode());
      sms.add(new PgRights.Sms("rights:" + household.id() + ":" + transition + ":" + today, household.headMsisdn(), text));
      metrics.rightsNotice(transition.name().toLowerCase(java.util.Locale.ROOT));
    });
  }

  /** The date the SMS gives: the soonest among the persons concerned, so that nobody is told too late. */
  private static LocalDate soonest(List<RightsStatus> statuses) {
    return statuses.stream().map(DailyRightsRun::dateOf).min(Comparator.naturalOrder()).orElseThrow();
  }

  private static LocalDate dateOf(RightsStatus status) {
    if (status instanceof RightsStatus.Open open) return open.coveredUntil();
    if (status instanceof RightsStatus.Waiting waiting) return waiting.coveredUntil();
    if (status instanceof RightsStatus.Grace grace) return grace.graceUntil();
    if (status instanceof RightsStatus.Suspended suspended) return suspended.since();
    throw new IllegalArgumentException("no date to tell for " + status);
  }

  /** What one period costs the persons concerned, for the transitions that ask them to pay; null for harvest products. */
  private static Money due(RightsTransition transition, ProductConfig product, MutualConfig mutual, Household household, int persons) {
    if (transition != RightsTransition.GRACE_STARTED && transition != RightsTransition.SUSPENDED) return null;
    if (product.contribution() instanceof ProductConfig.ContributionRule.PerQuantity) return null;
    long share = ContributionCalculator.quote(product, mutual.currency(), household.guaranteeLevel(), persons, 1, 0,
        household.persons().size(), household.adhesionFeesPaid()).memberShare();
    return Money.of(share, mutual.currency());
  }
}
