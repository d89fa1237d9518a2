package org.keneya.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.keneya.flows.people.NewHousehold.FieldError;
import org.slf4j.Logger;

/**
 * How the API under /api/v1 reads requests and answers: JSON bodies, an error as
 * {@code {"error": code, "message": ...}}, field problems as {@code {"errors": [{"field", "message"}]}},
 * and a failure as a logged 500 that shows no stack trace.
 */
public final class JsonApi {
  private JsonApi() {}

  /** The request's JSON object body; null when there is none or it is not a JSON object. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body() == null ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code field} of {@code body} when it is non-blank text, stripped; else null. */
  public static String text(JsonObject body, String field) {
    return body.getValue(field) instanceof String s && !s.isBlank() ? s.strip() : null;
  }

  /** {@code text} as a UUID; null when it is not one (answered as not found). */
  public static UUID uuidOrNull(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  public static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  /** One problem of a request's field, as an item of an {@code errors} list. */
  public static JsonObject field(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }

  public static JsonObject errors(List<FieldError> errors) {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(field(e.field(), e.message())));
    return new JsonObject().put("errors", list);
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  /** Answers 500 for a failure the caller has logged. */
  public static void internalError(RoutingContext ctx) {
    json(ctx, 500, error("internal", "internal error; it has been logged"));
  }

  /** Logs {@code e} as {@code what} failed, and answers 500 unless an answer has already gone. */
  public static void failed(RoutingContext ctx, Logger log, String what, Throwable e) {
    log.error(what, e);
    if (!ctx.response().ended()) internalError(ctx);
  }
}
