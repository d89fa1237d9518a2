package org.keneya.gateway.sms;

import org.keneya.gateway.PeerAnswers;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.flows.ports.RateLimiter;
import org.keneya.flows.sms.SmsCommand;
import org.keneya.flows.sms.SmsReplies;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.Views;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.Msisdn;
import org.keneya.gateway.rights.CentreUssd;
import org.keneya.gateway.rights.RightsChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/inbound} (Africa's Talking form: {@code from}, {@code to}, {@code text}, {@code id},
 * {@code date}): SMS sent to the mutual's short code, each answered by SMS once, whatever how often
 * the aggregator posts it. A health centre's registered phone checks rights with {@code DROITS
 * <member number>}; a member asks DROITS, RECU, SOLDE, AIDE, STOP / ARRET, START, LANGUE FR|BM, or
 * answers a collector's cash deposit with OUI / NON and its code (see {@link SmsCommand}). A number that floods us ({@code sms.inboundPerHour}) is no longer answered
 * for the hour. Every answer is paid by the mutual, so a number our SMS may not go to ({@link SmsDestinations})
 * gets none, and a number that is neither a household's, a health centre's nor a collector's is told whom to
 * ask once a day, not at every message (SMS pumping).
 */
public final class InboundSmsRoute {
  private static final Logger LOG = LoggerFactory.getLogger(InboundSmsRoute.class);

  private final KeneyaConfig config;
  private final RightsChecks checks;
  private final CentreUssd centres;
  private final PgOutbox outbox;
  private final PgHouseholds households;
  private final RateLimiter rateLimiter;
  private final Messages messages;
  private final SmsReplies replies;
  private final Clock clock;
  private final Metrics metrics;

  private final org.keneya.gateway.collectors.CashDeposits deposits;
  private final org.keneya.gateway.collectors.CollectorDirectory collectors;
  private final SmsDestinations destinations;

  public InboundSmsRoute(KeneyaConfig config, RightsChecks checks, CentreUssd centres, PgOutbox outbox, PgHouseholds households,
      RateLimiter rateLimiter, Messages messages, Clock clock, Metrics metrics, org.keneya.gateway.collectors.CashDeposits deposits,
      org.keneya.gateway.collectors.CollectorDirectory collectors, SmsDestinations destinations) {
    this.deposits = deposits;
    this.collectors = collectors;
    this.destinations = destinations;
    this.config = config;
    this.checks = checks;
    this.centres = centres;
    this.outbox = outbox;
    this.households = households;
    this.rateLimiter = rateLimiter;
    this.messages = messages;
    this.replies = new SmsReplies(messages);
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The route, callable only by the aggregators {@code guard} lets through for SMS. */
  public void addRoutes(Router router, org.keneya.gateway.edge.PeerGuard guard) {
    for (var route : guard.routes(router, "sms", io.vertx.core.http.HttpMethod.POST, "/sms/inbound")) {
      route.handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::inbound);
    }
  }

  private void inbound(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    Optional<Msisdn> from = Msisdn.parse(form.get("from"), config.defaultCountryCode());
    String text = form.get("text");
    String id = form.get("id");
    if (from.isEmpty() || text == null || id == null || id.isBlank()) {
      PeerAnswers.outcome(ctx, 400, "bad_request", "expected form fields from (a phone number), text and id");
      return;
    }
    if (!destinations.allowed(from.get().e164())) {
      refuseOrigin(ctx, from.get());
      return;
    }
    Optional<KeneyaConfig.HealthCentre> centre = checks.centreCalling(from.get().e164());
    if (centre.isEmpty()) {
      member(ctx, from.get(), text, id);
      return;
    }
    String number = text.strip().replaceFirst("(?i)^(DROITS?|D)(\\s+|$)", "");
    String dedupKey = "sms-in:" + id;
    // The aggregator may post the same message again: it is answered, and its check audited, once.
    outbox.exists(dedupKey)
        .compose(seen -> seen ? Future.succeededFuture(false) : centres.answer(centre.get(), number.isBlank() ? null : number, "sms")
        .compose(screen -> {
          // The first USSD screen asks for a number; by SMS the same is said as how to ask.
          String reply = screen.end() ? screen.screen()
              : messages.text(Messages.DEFAULT_LANGUAGE, "sms.centre.usage");
          return outbox.enqueueSms(dedupKey, from.get().e164(), messages.gsm7(Messages.DEFAULT_LANGUAGE, reply));
        }))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("inbound SMS {} from {} could not be answered", id, from.get().masked(), result.cause());
            PeerAnswers.outcome(ctx, 500, "internal", "internal error; it has been logged");
          } else {
            PeerAnswers.outcome(ctx, 200, result.result() ? "answered" : "already_answered", "the answer goes out by SMS");
          }
        });
  }

  private void member(RoutingContext ctx, Msisdn from, String text, String id) {
    String dedupKey = "sms-in:" + id;
    Future.fromCompletionStage(rateLimiter.count("sms:" + from.e164(), Duration.ofHours(1)))
        .compose(count -> {
          if (count > config.sms().inboundPerHour()) {
            // Logged once, when the limit is first passed, so that a flood cannot flood the log too.
            if (count == config.sms().inboundPerHour() + 1) LOG.warn("inbound SMS from {} over {} an hour: no longer answered", from.masked(),
                config.sms().inboundPerHour());
            metrics.inboundSms("rate_limited");
            return Future.succeededFuture("rate_limited");
          }
          return outbox.exists(dedupKey).compose(seen -> seen ? Future.succeededFuture("already_answered") : answerMember(from, text, dedupKey));
        })
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("inbound SMS {} from {} could not be answered", id, from.masked(), result.cause());
            PeerAnswers.outcome(ctx, 500, "internal", "internal error; it has been logged");
          } else {
            PeerAnswers.outcome(ctx, 200, result.result(), "the answer, if any, goes out by SMS");
          }
        });
  }

  /** Its answer could never be sent: none is queued, and the refusal is logged once a day per number. */
  private void refuseOrigin(RoutingContext ctx, Msisdn from) {
    metrics.inboundSms("refused_origin");
    Future.fromCompletionStage(rateLimiter.count("sms-refused-origin:" + from.e164(), Duration.ofDays(1)))
        .onSuccess(count -> {
          if (count == 1) LOG.warn("inbound SMS from {} not answered: our SMS may not go to that number", from.masked());
        });
    PeerAnswers.outcome(ctx, 200, "not_answered", "this number is outside the countries this service answers");
  }

  private Future<String> answerMember(Msisdn from, String text, String dedupKey) {
    return households.findByMsisdn(from, 3).compose(found -> {
      if (found.isEmpty()) return answerUnknown(from, dedupKey);
      HouseholdRecord household = found.get();
      SmsCommand command = SmsCommand.parse(text);
      metrics.inboundSms(command.getClass().getSimpleName().toLowerCase(Locale.ROOT));
      Future<Void> change = Future.succeededFuture();
      if (command instanceof SmsCommand.Stop) change = households.setSmsOptOut(household.id(), true);
      else if (command instanceof SmsCommand.Start) change = households.setSmsOptOut(household.id(), false);
      else if (command instanceof SmsCommand.Language chosen && chosen.language() != null) change = households.setLanguage(household.id(), chosen.language());
      String language = messages.supports(household.language()) ? household.language() : Messages.DEFAULT_LANGUAGE;
      if (command instanceof SmsCommand.DepositAnswer deposit) {
        return deposits.answer(deposit.code(), from.e164(), deposit.confirmed(), language, "member-sms")
            .compose(reply -> reply.isEmpty() ? Future.succeededFuture("answered")
                : outbox.enqueueSms(dedupKey, from.e164(), reply.get()).map("answered"));
      }
      String reply = replies.answer(command, Views.household(config, household), language, LocalDate.now(clock), config.ussd().serviceCode());
      return change.compose(x -> outbox.enqueueSms(dedupKey, from.e164(), reply)).map("answered");
    });
  }

  /** Whom to ask, said once a day to a number we do not know (a collector's always), as anyone may text us from any number. */
  private Future<String> answerUnknown(Msisdn from, String dedupKey) {
    Future<Long> today = collectors.isCollector(from.e164()) ? Future.succeededFuture(1L)
        : Future.fromCompletionStage(rateLimiter.count("sms-unknown:" + from.e164(), Duration.ofDays(1)));
    return today.compose(count -> {
      if (count > 1) {
        metrics.inboundSms("unknown_number_again");
        return Future.succeededFuture("not_answered");
      }
      metrics.inboundSms("unknown_number");
      return outbox.enqueueSms(dedupKey, from.e164(), messages.gsm7(Messages.DEFAULT_LANGUAGE,
          messages.text(Messages.DEFAULT_LANGUAGE, "sms.command.unknownNumber"))).map("answered");
    });
  }

}
