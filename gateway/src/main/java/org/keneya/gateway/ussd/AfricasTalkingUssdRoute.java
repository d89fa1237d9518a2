package org.keneya.gateway.ussd;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import org.keneya.flows.people.Msisdn;
import org.keneya.gateway.Metrics;

/**
 * Africa's Talking-style USSD: {@code POST /ussd/at}, a form with {@code sessionId, serviceCode,
 * phoneNumber, networkCode, text}; the answer is {@code text/plain} starting "CON " (continue) or
 * "END " (close), as in Africa's Talking's USSD documentation.
 */
public final class AfricasTalkingUssdRoute {
  private static final int MAX_FIELD = 1024;

  private final UssdService service;
  private final String defaultCountryCode;
  private final Metrics metrics;

  public AfricasTalkingUssdRoute(UssdService service, String defaultCountryCode, Metrics metrics) {
    this.service = service;
    this.defaultCountryCode = defaultCountryCode;
    this.metrics = metrics;
  }

  public void addRoutes(Router router) {
    router.post("/ussd/at").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::hop);
  }

  private void hop(RoutingContext ctx) {
    String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      badRequest(ctx, "expected application/x-www-form-urlencoded");
      return;
    }
    var form = ctx.request().formAttributes();
    String sessionId = form.get("sessionId");
    String phoneNumber = form.get("phoneNumber");
    String text = Optional.ofNullable(form.get("text")).orElse("");
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 128) {
      badRequest(ctx, "sessionId is required (at most 128 characters)");
      return;
    }
    Optional<Msisdn> caller = Msisdn.parse(phoneNumber, defaultCountryCode);
    if (caller.isEmpty()) {
      badRequest(ctx, "phoneNumber is required, in E.164 form");
      return;
    }
    if (text.length() > MAX_FIELD) text = text.substring(0, MAX_FIELD);
    var timer = io.micrometer.core.instrument.Timer.start();
    service.handle(new UssdService.Hop("at", sessionId, caller.get(), form.get("serviceCode"), text))
        .onComplete(result -> {
          timer.stop(metrics.ussdHopTimer());
          ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(result.result().encoded());
        });
  }

  private void badRequest(RoutingContext ctx, String why) {
    metrics.ussdHop("bad_request");
    ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(why);
  }
}
