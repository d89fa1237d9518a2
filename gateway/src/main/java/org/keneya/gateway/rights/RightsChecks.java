package org.keneya.gateway.rights;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keneya.adapters.pg.AuditLog;
import org.keneya.adapters.pg.HouseholdRecord;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A health centre checking a member's rights, by API or USSD: the person (their member number) or
 * each person of a household (its number), in the mutuals the centre serves only; every check is
 * written to the audit log (who looked at whom, and how).
 */
public final class RightsChecks {
  private static final Logger LOG = LoggerFactory.getLogger(RightsChecks.class);

  /** One person's rights today. */
  public record PersonRights(HouseholdRecord.Member member, RightsStatus status) {
    /** Whether care is covered today: rights open, or kept during grace. */
    public boolean covered() {
      return status instanceof RightsStatus.Open || status instanceof RightsStatus.Grace;
    }
  }

  public record Checked(HouseholdRecord household, ProductConfig product, LocalDate today, List<PersonRights> persons) {}

  private final KeneyaConfig config;
  /** The centres by registered phone: looked up on every USSD hop and inbound SMS. */
  private final java.util.Map<String, KeneyaConfig.HealthCentre> centresByPhone = new java.util.HashMap<>();
  private final PgHouseholds households;
  private final Pool pool;
  private final Clock clock;
  private final Metrics metrics;

  public RightsChecks(KeneyaConfig config, PgHouseholds households, Pool pool, Clock clock, Metrics metrics) {
    this.config = config;
    config.healthCentresOrEmpty().forEach(centre -> centre.msisdnsOrEmpty().forEach(phone -> centresByPhone.putIfAbsent(phone, centre)));
    this.households = households;
    this.pool = pool;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The health centre whose registered phone is {@code e164}, if any. */
  public Optional<KeneyaConfig.HealthCentre> centreCalling(String e164) {
    return Optional.ofNullable(centresByPhone.get(e164));
  }

  /** @param channel how the centre asked ("api", "ussd"), for the audit log */
  public Future<Optional<Checked>> check(KeneyaConfig.HealthCentre centre, String number, String channel) {
    return check(centre.mutuals(), org.keneya.adapters.pg.Actor.system("health-centre:" + centre.id()), number, channel);
  }

  /**
   * A check by whoever may see the members of {@code mutuals}, written to the audit log as {@code actor}.
   * @param channel how the centre asked ("api", "ussd"), for the audit log
   */
  public Future<Optional<Checked>> check(java.util.Collection<String> mutuals, org.keneya.adapters.pg.Actor actor, String number,
      String channel) {
    return households.findByMemberNumber(number, 0).compose(found -> {
      Optional<HouseholdRecord> household = found.filter(h -> mutuals.contains(h.mutualId()));
      if (household.isEmpty()) {
        // Members of mutuals the centre does not serve are not told apart from unknown numbers.
        metrics.rightsCheck("unknown_member");
        return Future.succeededFuture(Optional.<Checked>empty());
      }
      ProductConfig product = config.product(household.get().enrolment().productId()).orElseThrow();
      LocalDate today = LocalDate.now(clock);
      List<PersonRights> persons = new ArrayList<>();
      for (HouseholdRecord.Member member : household.get().members()) {
        if (!number.equals(household.get().memberNumber()) && !number.equals(member.memberNumber())) continue;
        persons.add(new PersonRights(member, RightsPolicy.evaluate(member.firstPaidOn(), member.coverStartedOn(product.gracePeriodMonths()),
            member.coveredUntil(), today, product)));
      }
      metrics.rightsCheck("checked");
      Checked checked = new Checked(household.get(), product, today, persons);
      return AuditLog.record(pool, actor, "rights.checked", "member:" + number,
              new JsonObject().put("persons", persons.size()).put("channel", channel))
          .map(x -> Optional.of(checked))
          .recover(e -> {
            LOG.warn("rights check of {} by {} not written to the audit log: {}", number, actor.name(), e.toString());
            return Future.succeededFuture(Optional.of(checked));
          });
    });
  }
}
