package org.keneya.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import org.keneya.flows.messages.Messages;
import org.keneya.gateway.edge.EdgeFilter;
import org.keneya.gateway.edge.PeerGuard;
import org.keneya.gateway.edge.RefusalLog;
import org.keneya.gateway.edge.SourceAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server on its own event loop, with its own router holding the given route groups. The
 * public port is served by one instance per core, all listening on the same port (Vert.x hands each
 * new connection to the next instance); the management port by one. The route groups, and all they
 * use, are shared by the instances: made once, safe from any thread.
 */
final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  // A form field may be as long as a whole (bounded) body: over-long USSD input is cut, not refused.
  private static final int MAX_FORM_FIELD = 16 * 1024;

  /** What every instance serving one port shares. */
  record Port(int number, List<RouteGroup> routes, Metrics metrics, SourceAddress sources, RefusalLog refusals, Messages messages) {}

  private final Port port;
  private final Consumer<Router> started;

  /**
   * @param port the port (negative: the random one shared with every other server listening on that number)
   * @param started told each instance's router, once its routes are in
   */
  HttpVerticle(Port port, Consumer<Router> started) {
    this.port = port;
    this.started = started;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    port.routes().forEach(group -> group.addRoutes(router));
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", "not_found").put("message", "no such resource").encode()));
    router.route().failureHandler(ctx -> failed(ctx, port.messages()));
    started.accept(router);
    return vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(MAX_FORM_FIELD))
        .requestHandler(new EdgeFilter(router, port.metrics(), port.sources(), port.refusals()))
        .listen(port.number());
  }

  /** A request that failed: a polite screen to a phone, a JSON status to an API client, never a stack trace. */
  private static void failed(RoutingContext ctx, Messages messages) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) LOG.error("request failed {} {}", ctx.request().method(), PeerGuard.pathForLog(ctx), ctx.failure());
    if (ctx.response().ended()) return;
    if (ctx.request().path().startsWith("/ussd") && status >= 500) {
      // The aggregator shows whatever we answer to the caller: a polite screen, never an error page.
      ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("END " + messages.text(Messages.DEFAULT_LANGUAGE, "ussd.unavailable"));
    } else {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("error", status == 413 ? "too_large" : status >= 500 ? "internal" : "bad_request")
          .put("message", status == 413 ? "request body too large" : status >= 500 ? "internal error; it has been logged" : "bad request")
          .encode());
    }
  }
}
