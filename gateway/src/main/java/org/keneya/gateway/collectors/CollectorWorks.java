package org.keneya.gateway.collectors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.collectors.NewDeposit;
import org.keneya.adapters.pg.PgCashDeposits;
import org.keneya.adapters.pg.PgRemittances;
import org.keneya.adapters.pg.PgCollectors;
import org.keneya.adapters.pg.PgCollectors.Collector;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.adapters.pg.PgPins;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.collectors.Pins;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.collector.CollectorContext;
import org.keneya.flows.ussd.collector.CollectorOutcome;
import org.keneya.flows.ussd.collector.CollectorWork;
import org.keneya.gateway.Views;
import org.keneya.gateway.ussd.PinChecks;

/** The I/O of the collector's menu: the facts a hop is answered with, and the {@link CollectorWork} it asks for. */
public final class CollectorWorks {
  /** Draws of a deposit's code before giving up: another pending deposit of the mutual may hold the one drawn. */
  private static final int CODE_DRAWS = 6;

  private final Vertx vertx;
  private final PgCollectors collectors;
  private final PgCashDeposits deposits;
  private final PgRemittances remittances;
  private final HouseholdStore households;
  private final PinChecks pinChecks;
  private final KeneyaConfig config;
  private final Clock clock;

  public CollectorWorks(Vertx vertx, PgCollectors collectors, PgCashDeposits deposits, PgRemittances remittances, HouseholdStore households,
      PinChecks pinChecks, KeneyaConfig config, Clock clock) {
    this.vertx = vertx;
    this.collectors = collectors;
    this.deposits = deposits;
    this.remittances = remittances;
    this.households = households;
    this.pinChecks = pinChecks;
    this.config = config;
    this.clock = clock;
  }

  Future<Optional<Collector>> collector(Msisdn caller) {
    return collectors.findByMsisdn(caller.e164());
  }

  /** Whether the collector calling from {@code caller} heads a household too, and may switch to the members' menu. */
  Future<Boolean> memberToo(Msisdn caller) {
    return households.findByMsisdn(caller, 0).map(Optional::isPresent);
  }

  /**
   * @param household the household whose figures the hop reads (see {@code CollectorState.householdToRead}), null for none
   * @param pinsAllowed false when the hop came in a query string
   */
  Future<CollectorContext> context(Collector collector, UUID household, boolean pinsAllowed) {
    MutualConfig mutual = config.mutual(collector.mutualId())
        .orElseThrow(() -> new IllegalStateException("collector of unknown mutual " + collector.mutualId()));
    Future<Optional<HouseholdRecord>> read = household == null ? Future.succeededFuture(Optional.empty()) : households.findById(household, 0);
    return read.map(record -> new CollectorContext(collector.name(), mutual, collector.sectionId(), config.collectorCommissionPercent(mutual),
        config.defaultCountryCode(), ZonedDateTime.now(clock), record.map(r -> Views.household(config, r)).orElse(null), pinsAllowed));
  }

  /** Does {@code work} for {@code collector} in session {@code sessionKey}. */
  Future<CollectorOutcome> perform(Collector collector, CollectorWork work, String sessionKey) {
    if (work instanceof CollectorWork.CheckPin check) {
      return pinChecks.check("collector", PgPins.collector(collector.id()), check.pin(), collector.pinHash(),
          newHash -> collectors.upgradePinHash(collector.id(), collector.pinHash(), newHash)).map(CollectorOutcome.PinChecked::new);
    }
    if (work instanceof CollectorWork.FindHousehold lookup) {
      Future<Optional<HouseholdRecord>> found = lookup.phone() != null ? households.findByMsisdn(lookup.phone(), 0)
          : households.findByMemberNumber(lookup.memberNumber(), 0);
      return found.map(record -> new CollectorOutcome.HouseholdRead(lookup, record.filter(r -> r.enrolment() != null)
          .map(r -> new CollectorOutcome.Household(Views.household(config, r), r.headMsisdn(), r.language(), r.enrolment().id()))
          .orElse(null)));
    }
    if (work instanceof CollectorWork.RecordDeposit deposit) return record(collector, deposit, "ussd:" + sessionKey, 1);
    if (work instanceof CollectorWork.ReadPosition read) {
      return remittances.position(collector.id(), read.monthStart()).map(p -> new CollectorOutcome.PositionRead(p.confirmed(),
          p.confirmedDeposits(), p.pending(), p.pendingDeposits(), p.collectedThisMonth()));
    }
    CollectorWork.ChangePin change = (CollectorWork.ChangePin) work;
    return vertx.executeBlocking(() -> Pins.hash(change.pin()), false)
        .compose(hash -> collectors.changePin(collector.id(), hash))
        .map(x -> new CollectorOutcome.PinChanged());
  }

  /** The session's deposit ({@code channelRef} records it once however often it is confirmed), under a code drawn at random. */
  private Future<CollectorOutcome> record(Collector collector, CollectorWork.RecordDeposit work, String channelRef, int draw) {
    var deposit = work.deposit();
    String code = String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    String mutualCode = config.mutual(collector.mutualId()).map(MutualConfig::code)
        .orElseThrow(() -> new IllegalStateException("collector of unknown mutual " + collector.mutualId()));
    NewDeposit entered = new NewDeposit(collector.id(), collector.name(), mutualCode, deposit.householdId(), deposit.enrolmentId(),
        deposit.memberNumber(), deposit.headMsisdn(), deposit.memberLanguage(), deposit.quote(), deposit.periods(), deposit.collectedAt(),
        channelRef, code);
    return deposits.record(entered, collector.mutualId(), deposit.sectionId())
        .<CollectorOutcome>map(recorded -> new CollectorOutcome.DepositRecorded(recorded.code()))
        .recover(e -> e instanceof PgCashDeposits.CodeTaken && draw < CODE_DRAWS ? record(collector, work, channelRef, draw + 1)
            : Future.failedFuture(e));
  }
}
