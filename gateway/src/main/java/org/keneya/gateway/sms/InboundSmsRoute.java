package org.keneya.gateway.sms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Optional;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.Msisdn;
import org.keneya.gateway.rights.CentreUssd;
import org.keneya.gateway.rights.RightsChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/inbound} (Africa's Talking form: {@code from}, {@code to}, {@code text}, {@code id},
 * {@code date}): SMS sent to the mutual's short code. For now a health centre's registered phone
 * checks rights with {@code DROITS <member number>} (or the number alone), answered by SMS, once
 * per inbound message; other senders get no answer (members' commands are to come).
 */
public final class InboundSmsRoute {
  private static final Logger LOG = LoggerFactory.getLogger(InboundSmsRoute.class);

  private final KeneyaConfig config;
  private final RightsChecks checks;
  private final CentreUssd centres;
  private final PgOutbox outbox;
  private final Messages messages;

  public InboundSmsRoute(KeneyaConfig config, RightsChecks checks, CentreUssd centres, PgOutbox outbox, Messages messages) {
    this.config = config;
    this.checks = checks;
    this.centres = centres;
    this.outbox = outbox;
    this.messages = messages;
  }

  public void addRoutes(Router router) {
    router.post("/sms/inbound").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::inbound);
  }

  private void inbound(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    Optional<Msisdn> from = Msisdn.parse(form.get("from"), config.defaultCountryCode());
    String text = form.get("text");
    String id = form.get("id");
    if (from.isEmpty() || text == null || id == null || id.isBlank()) {
      respond(ctx, 400, "bad_request", "expected form fields from (a phone number), text and id");
      return;
    }
    Optional<KeneyaConfig.HealthCentre> centre = checks.centreCalling(from.get().e164());
    if (centre.isEmpty()) {
      LOG.info("inbound SMS {} from {} not answered: no command for this sender", id, from.get().masked());
      respond(ctx, 200, "ignored", "no command for this sender");
      return;
    }
    String number = text.strip().replaceFirst("(?i)^(DROITS?|D)(\\s+|$)", "");
    String dedupKey = "sms-in:" + id;
    // The aggregator may post the same message again: it is answered, and its check audited, once.
    outbox.exists(dedupKey)
        .compose(seen -> seen ? Future.succeededFuture(false) : centres.answer(centre.get(), number.isBlank() ? null : number, "sms")
        .compose(screen -> {
          // The first USSD screen asks for a number; by SMS the same is said as how to ask.
          String reply = screen.end() ? screen.text()
              : messages.text(Messages.DEFAULT_LANGUAGE, "sms.centre.usage");
          return outbox.enqueueSms(dedupKey, from.get().e164(), messages.gsm7(Messages.DEFAULT_LANGUAGE, reply));
        }))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("inbound SMS {} from {} could not be answered", id, from.get().masked(), result.cause());
            respond(ctx, 500, "internal", "internal error; it has been logged");
          } else {
            respond(ctx, 200, result.result() ? "answered" : "already_answered", "the answer goes out by SMS");
          }
        });
  }

  private static void respond(RoutingContext ctx, int status, String outcome, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", outcome.toLowerCase(Locale.ROOT)).put("message", message).encode());
  }
}
