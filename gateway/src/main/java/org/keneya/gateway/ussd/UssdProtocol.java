package org.keneya.gateway.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One aggregator's way of carrying USSD hops over HTTP. A protocol only reads a request into a
 * {@link UssdService.Hop} and writes an answer back; everything else is shared by
 * {@link UssdEndpoint}. Adding an aggregator is one class like this.
 */
public interface UssdProtocol {
  /** Short name, used in session references and metrics ("at", "freeflow"). */
  String name();

  String path();

  List<HttpMethod> methods();

  /** Reads the request: a hop, a notice that the network closed the session, or what is wrong. */
  Request read(RoutingContext ctx);

  void answer(RoutingContext ctx, UssdService.Answer answer);

  /** Acknowledges a session the network closed (user cancelled, timed out). */
  void acknowledgeClose(RoutingContext ctx);

  sealed interface Request {
    record Hop(UssdService.Hop hop) implements Request {}

    record Closed(String sessionId) implements Request {}

    record Invalid(String reason) implements Request {}
  }
}
