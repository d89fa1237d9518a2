package org.keneya.gateway.edge;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import org.keneya.gateway.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request passes before the router sees it: a path in normal form ({@link RawPaths}), so
 * that authorisation and routing read the same path; and no multipart body, which no route of ours
 * takes and whose file parts a body handler would otherwise write to disk.
 */
public final class EdgeFilter implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeFilter.class);

  private final Handler<HttpServerRequest> next;
  private final Metrics metrics;
  private final SourceAddress sources;
  private final RefusalLog refusals;

  /** @param refusals shared by the filters of every event loop serving a port, so that each source is logged once a minute, not once per loop */
  public EdgeFilter(Handler<HttpServerRequest> next, Metrics metrics, SourceAddress sources, RefusalLog refusals) {
    this.next = next;
    this.metrics = metrics;
    this.sources = sources;
    this.refusals = refusals;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Optional<String> problem = RawPaths.problem(request.path());
    if (problem.isPresent()) {
      refuse(request, 400, "bad_path", problem.get(), "not_normal_form");
      return;
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      refuse(request, 415, "unsupported_media_type", "multipart bodies are not accepted", "multipart");
      return;
    }
    next.handle(request);
  }

  private void refuse(HttpServerRequest request, int status, String error, String message, String reason) {
    metrics.edgeRefusal("path", reason);
    // The path itself is not logged: it may hold a peer's secret, and it is the attacker's text.
    String source = sources.of(request);
    if (refusals.first(reason, source)) {
      LOG.info("refused {} request from {}: {}; further such refusals from there are counted, logged again in a minute",
          request.method(), source, message);
    }
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }
}
