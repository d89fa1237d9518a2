package org.keneya.gateway.rights;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.keneya.adapters.pg.PgPins;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.Turn;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.flows.ussd.centre.CentreContext;
import org.keneya.flows.ussd.centre.CentreMenu;
import org.keneya.flows.ussd.centre.CentreOutcome;
import org.keneya.flows.ussd.centre.CentreState;
import org.keneya.flows.ussd.centre.CentreWork;
import org.keneya.gateway.ussd.PinChecks;
import org.keneya.gateway.ussd.PinMenuHops;
import org.keneya.gateway.ussd.UssdService;

/**
 * The shell of a health centre's rights check ({@link CentreMenu}) from its registered phone: by
 * USSD after the centre's PIN (the session remembers that it passed, never the PIN), or by SMS,
 * where the phone is all the centre shows. Every check is audited by {@link RightsChecks}.
 */
public final class CentreUssd {
  private final CentreMenu menu;
  private final RightsChecks checks;
  private final PgPins pins;
  private final PinChecks pinChecks;
  private final KeneyaConfig config;
  private final Clock clock;
  private final PinMenuHops hops;

  public CentreUssd(CentreMenu menu, RightsChecks checks, PgPins pins, PinChecks pinChecks, KeneyaConfig config, Clock clock, PinMenuHops hops) {
    this.menu = menu;
    this.checks = checks;
    this.pins = pins;
    this.pinChecks = pinChecks;
    this.config = config;
    this.clock = clock;
    this.hops = hops;
  }

  /** The health centre whose registered phone is calling, if any. */
  public Optional<KeneyaConfig.HealthCentre> calling(Msisdn caller) {
    return checks.centreCalling(caller.e164());
  }

  /** One USSD hop of {@code centre}'s session. */
  public Future<UssdService.Answer> hop(UssdService.Hop hop, KeneyaConfig.HealthCentre centre, Optional<UssdSession> existing) {
    Optional<UssdService.Answer> resent = hops.resent(hop, existing, CentreState.class);
    if (resent.isPresent()) return Future.succeededFuture(resent.get());
    Optional<CentreState> state = hops.resumed(hop, existing, CentreState.class);
    return pins.centrePinHash(centre.id()).compose(hash -> {
      CentreContext context = context(centre, hash.isPresent(), !hop.inQueryString());
      Turn<CentreState, CentreWork> first = state.isEmpty() ? menu.start(context) : menu.resume(state.get(), hop.latestInput(), context);
      return PinMenuHops.settle(first, work -> perform(centre, hash.orElse(null), work, "ussd"), (at, outcome) -> menu.resume(at, outcome, context));
    }).compose(turn -> hops.answer(hop, (Turn.Show<CentreState, CentreWork>) turn, "centre", PgPins.centre(centre.id()), ""));
  }

  /**
   * The answer to {@code input} (a member number; null or blank when none was given) sent by
   * {@code channel} ("sms") from a centre's phone: the rights screen, or the screen asking for a
   * number, which does not end.
   */
  public Future<Turn.Show<CentreState, CentreWork>> answer(KeneyaConfig.HealthCentre centre, String input, String channel) {
    CentreContext context = context(centre, true, true);
    return PinMenuHops.settle(menu.resume(CentreState.pastPin(Messages.DEFAULT_LANGUAGE), input == null ? "" : input, context),
            work -> perform(centre, null, work, channel), (at, outcome) -> menu.resume(at, outcome, context))
        .map(turn -> (Turn.Show<CentreState, CentreWork>) turn);
  }

  private CentreContext context(KeneyaConfig.HealthCentre centre, boolean pinSet, boolean pinsAllowed) {
    String code = config.mutual(centre.mutuals().get(0)).map(MutualConfig::code).orElse("");
    return new CentreContext(centre.name(), code, config.ussd().serviceCode(), clock.getZone(), pinSet, pinsAllowed);
  }

  /** @param hash the centre's PIN hash, which a PIN is checked against */
  private Future<CentreOutcome> perform(KeneyaConfig.HealthCentre centre, String hash, CentreWork work, String channel) {
    if (work instanceof CentreWork.CheckPin check) {
      return pinChecks.check("centre", PgPins.centre(centre.id()), check.pin(), hash, newHash -> pins.upgradeCentrePin(centre.id(), hash, newHash))
          .map(CentreOutcome.PinChecked::new);
    }
    String number = ((CentreWork.CheckRights) work).memberNumber();
    return checks.check(centre, number, channel).map(found -> new CentreOutcome.RightsRead(number, found
        .map(checked -> checked.persons().stream()
            .map(p -> new CentreOutcome.PersonRights(p.member().memberNumber(), p.member().name(), p.status())).toList())
        .orElse(List.of())));
  }
}
