package org.keneya.gateway.collectors;

import io.vertx.core.Future;
import java.util.Optional;
import org.keneya.adapters.pg.PgCollectors.Collector;
import org.keneya.adapters.pg.PgPins;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.flows.ussd.collector.CollectorContext;
import org.keneya.flows.ussd.collector.CollectorMenu;
import org.keneya.flows.ussd.collector.CollectorState;
import org.keneya.flows.ussd.collector.CollectorWork;
import org.keneya.gateway.ussd.PinMenuHops;
import org.keneya.gateway.ussd.UssdService;

/**
 * The shell of the collector's menu ({@link CollectorMenu}) on the members' service code: reads
 * what a hop needs, does the work the menu asks for ({@link CollectorWorks}), keeps the session
 * (never a PIN) and answers.
 */
public final class CollectorUssd {
  private final CollectorMenu menu;
  private final CollectorDirectory directory;
  private final CollectorWorks works;
  private final PinMenuHops hops;

  public CollectorUssd(CollectorMenu menu, CollectorDirectory directory, CollectorWorks works, PinMenuHops hops) {
    this.menu = menu;
    this.directory = directory;
    this.works = works;
    this.hops = hops;
  }

  /** Whether {@code caller} is a collector's number, without a query. */
  public boolean calling(Msisdn caller) {
    return directory.isCollector(caller.e164());
  }

  /**
   * One hop of a collector's session; empty when the members' menu is to answer it, opening afresh:
   * the collector chose it, or the number is no collector's after all.
   */
  public Future<Optional<UssdService.Answer>> hop(UssdService.Hop hop, Optional<UssdSession> existing) {
    return works.collector(hop.caller()).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture(Optional.empty());
      Optional<UssdService.Answer> resent = hops.resent(hop, existing, CollectorState.class);
      if (resent.isPresent()) return Future.succeededFuture(resent);
      Collector collector = found.get();
      Optional<CollectorState> state = hops.resumed(hop, existing, CollectorState.class);
      return works.context(collector, state.map(CollectorState::householdToRead).orElse(null), !hop.inQueryString())
          .compose(context -> first(hop, state, context).compose(turn -> PinMenuHops.settle(turn,
              work -> works.perform(collector, work, hop.key()), (at, outcome) -> menu.resume(at, outcome, context))))
          .compose(turn -> turn instanceof Turn.Show<CollectorState, CollectorWork> shown
              ? hops.answer(hop, shown, "collector", PgPins.collector(collector.id()), "collector_").map(Optional::of)
              : Future.succeededFuture(Optional.empty()));
    });
  }

  private Future<Turn<CollectorState, CollectorWork>> first(UssdService.Hop hop, Optional<CollectorState> state, CollectorContext context) {
    if (state.isEmpty()) return works.memberToo(hop.caller()).map(memberToo -> menu.start(context, memberToo));
    return Future.succeededFuture(menu.resume(state.get(), hop.latestInput(), context));
  }
}
