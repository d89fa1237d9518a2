package org.keneya.gateway.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.keneya.flows.people.Msisdn;

/**
 * Africa's Talking USSD (developers.africastalking.com, "USSD"): {@code POST} form with
 * {@code sessionId, serviceCode, phoneNumber, networkCode, text}, where {@code text} holds every
 * input of the session joined by '*' (empty on the first hop). The answer is {@code text/plain}
 * starting "CON " to continue or "END " to close.
 */
public final class AfricasTalkingProtocol implements UssdProtocol {
  private final String defaultCountryCode;

  public AfricasTalkingProtocol(String defaultCountryCode) {
    this.defaultCountryCode = defaultCountryCode;
  }

  @Override
  public String name() {
    return "at";
  }

  @Override
  public String path() {
    return "/ussd/at";
  }

  @Override
  public List<HttpMethod> methods() {
    return List.of(HttpMethod.POST);
  }

  @Override
  public Request read(RoutingContext ctx) {
    String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      return new Request.Invalid("expected application/x-www-form-urlencoded");
    }
    var form = ctx.request().formAttributes();
    String sessionId = form.get("sessionId");
    if (!UssdEndpoint.validSessionId(sessionId)) return new Request.Invalid("sessionId is required (at most 128 characters)");
    Optional<Msisdn> caller = Msisdn.parse(form.get("phoneNumber"), defaultCountryCode);
    if (caller.isEmpty()) return new Request.Invalid("phoneNumber is required, in E.164 form");
    String text = Optional.ofNullable(form.get("text")).orElse("");
    return new Request.Hop(new UssdService.Hop(name(), sessionId, caller.get(), form.get("networkCode"),
        UssdEndpoint.bounded(text), true, false, false));
  }

  @Override
  public void answer(RoutingContext ctx, UssdService.Answer answer) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end((answer.end() ? "END " : "CON ") + answer.screen());
  }

  @Override
  public void acknowledgeClose(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("END");
  }
}
