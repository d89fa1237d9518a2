package org.keneya.gateway.ussd;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.edge.PeerGuard;

/** Serves every configured USSD protocol on its path, all feeding the same {@link UssdService}. */
public final class UssdEndpoint {
  /** No menu input is longer; a longer one (a 10 kB paste) is cut here rather than refused. */
  static final int MAX_INPUT = 1024;

  private final UssdService service;
  private final List<UssdProtocol> protocols;
  private final Metrics metrics;

  public UssdEndpoint(UssdService service, List<UssdProtocol> protocols, Metrics metrics) {
    this.service = service;
    this.protocols = protocols;
    this.metrics = metrics;
  }

  /** Each protocol's routes, callable only by the aggregators {@code guard} lets through for USSD. */
  public void addRoutes(Router router, PeerGuard guard) {
    for (UssdProtocol protocol : protocols) {
      for (HttpMethod method : protocol.methods()) {
        for (var route : guard.routes(router, "ussd", method, protocol.path())) {
          route.handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(ctx -> hop(protocol, ctx));
        }
      }
    }
  }

  private void hop(UssdProtocol protocol, RoutingContext ctx) {
    UssdProtocol.Request request = protocol.read(ctx);
    if (request instanceof UssdProtocol.Request.Invalid invalid) {
      metrics.ussdHop("bad_request");
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(invalid.reason());
      return;
    }
    if (request instanceof UssdProtocol.Request.Closed closed) {
      metrics.ussdHop("closed_by_network");
      service.closed(protocol.name(), closed.sessionId()).onComplete(x -> protocol.acknowledgeClose(ctx));
      return;
    }
    UssdService.Hop hop = ((UssdProtocol.Request.Hop) request).hop();
    Timer.Sample timer = Timer.start();
    service.handle(hop).onComplete(result -> {
      timer.stop(metrics.ussdHopTimer());
      if (result.failed() && result.cause() instanceof UssdService.SessionTaken) {
        // A legitimate aggregator never does this; it shows our reason to whoever is testing it.
        ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(UssdService.SessionTaken.REASON);
      } else if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        protocol.answer(ctx, result.result());
      }
    });
  }

  static boolean validSessionId(String sessionId) {
    return sessionId != null && !sessionId.isBlank() && sessionId.length() <= 128;
  }

  static String bounded(String input) {
    return input.length() > MAX_INPUT ? input.substring(0, MAX_INPUT) : input;
  }
}
