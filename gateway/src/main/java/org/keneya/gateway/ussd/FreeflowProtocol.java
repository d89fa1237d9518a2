package org.keneya.gateway.ussd;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keneya.flows.people.Msisdn;

/**
 * The "freeflow" style many operator USSD gateways use: {@code GET} (query) or {@code POST} (form)
 * to {@code /ussd/freeflow} with {@code msisdn}, {@code sessionid}, {@code input} (the caller's
 * latest input only) and {@code type}: {@code begin} (the session opens; input is the dialled
 * string), {@code continue}, or {@code end} (the network closed it). The answer is the screen as
 * {@code text/plain}, with the header {@code Freeflow: FC} to continue or {@code Freeflow: FB} to
 * close (the "flow continue / flow break" header of MTN's USSD freeflow gateways). The request
 * fields follow HollaTags' USSD inbound API (docs.hollatags.com/ussd/inbound: begin, continue and
 * end operations, latest input per hop), in lower case.
 *
 * <p>Since each hop carries only its latest input, a hop the aggregator resends cannot be told
 * from the caller typing the same again; payments stay single all the same, because a session
 * records at most one payment.
 */
public final class FreeflowProtocol implements UssdProtocol {
  private final String defaultCountryCode;

  public FreeflowProtocol(String defaultCountryCode) {
    this.defaultCountryCode = defaultCountryCode;
  }

  @Override
  public String name() {
    return "freeflow";
  }

  @Override
  public String path() {
    return "/ussd/freeflow";
  }

  @Override
  public List<HttpMethod> methods() {
    return List.of(HttpMethod.GET, HttpMethod.POST);
  }

  @Override
  public Request read(RoutingContext ctx) {
    MultiMap fields;
    if (ctx.request().method() == HttpMethod.POST) {
      String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
      if (!contentType.startsWith("application/x-www-form-urlencoded")) {
        return new Request.Invalid("expected application/x-www-form-urlencoded (or a GET with a query string)");
      }
      fields = ctx.request().formAttributes();
    } else {
      fields = ctx.queryParams();
    }
    String sessionId = fields.get("sessionid");
    if (!UssdEndpoint.validSessionId(sessionId)) return new Request.Invalid("sessionid is required (at most 128 characters)");
    String type = Optional.ofNullable(fields.get("type")).orElse("").toLowerCase(Locale.ROOT);
    if (type.equals("end")) return new Request.Closed(sessionId);
    if (!type.equals("begin") && !type.equals("continue")) return new Request.Invalid("type must be begin, continue or end");
    Optional<Msisdn> caller = Msisdn.parse(fields.get("msisdn"), defaultCountryCode);
    if (caller.isEmpty()) return new Request.Invalid("msisdn is required");
    String input = type.equals("begin") ? "" : Optional.ofNullable(fields.get("input")).orElse("");
    return new Request.Hop(new UssdService.Hop(name(), sessionId, caller.get(), null, UssdEndpoint.bounded(input), false,
        type.equals("begin"), ctx.request().method() != HttpMethod.POST));
  }

  @Override
  public void answer(RoutingContext ctx, UssdService.Answer answer) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Freeflow", answer.end() ? "FB" : "FC")
        .end(answer.screen());
  }

  @Override
  public void acknowledgeClose(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Freeflow", "FB").end();
  }
}
