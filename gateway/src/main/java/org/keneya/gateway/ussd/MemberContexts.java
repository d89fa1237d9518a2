package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.ussd.UssdContext;
import org.keneya.gateway.Views;
import org.keneya.gateway.payments.Wallets;

/** The facts a hop of the members' menu is answered with: the caller's household (kept for the session's next hops), the wallets, the day. */
public final class MemberContexts {
  /** Receipts a member can page through and have sent by SMS. */
  private static final int RECEIPTS_SHOWN = 5;
  /** How old the household shown within a session may be (see {@link SessionHouseholds}). */
  private static final long HOUSEHOLD_MAX_AGE_MILLIS = 60_000;

  private final HouseholdStore households;
  private final KeneyaConfig config;
  private final Wallets wallets;
  private final Clock clock;
  private final SessionHouseholds kept;

  public MemberContexts(HouseholdStore households, KeneyaConfig config, Wallets wallets, Clock clock) {
    this.households = households;
    this.config = config;
    this.wallets = wallets;
    this.clock = clock;
    this.kept = new SessionHouseholds(HOUSEHOLD_MAX_AGE_MILLIS, clock);
  }

  /** The caller's household: read afresh when {@code opening} a session, else as kept for it. */
  Future<Optional<HouseholdRecord>> household(UssdService.Hop hop, boolean opening) {
    return kept.get(hop.key(), opening, () -> households.findByMsisdn(hop.caller(), RECEIPTS_SHOWN));
  }

  UssdContext context(UssdService.Hop hop, Optional<HouseholdRecord> household) {
    return new UssdContext(config.ussd().serviceCode(), LocalDate.now(clock), household.map(h -> Views.household(config, h)).orElse(null),
        config.ussd().helpContact(), wallets.offeredTo(hop.caller()), hop.networkCode());
  }

  /** The session is over: its household need not be kept. */
  void forget(UssdService.Hop hop) {
    kept.forget(hop.key());
  }
}
