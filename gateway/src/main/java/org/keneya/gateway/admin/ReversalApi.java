package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.JsonApi.jsonBody;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Map;
import org.keneya.adapters.pg.PgReversals;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.messages.Messages;
import org.keneya.gateway.accounts.Access;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/receipts/<receipt number>/reversal} with {@code {"reason": "..."}}
 * (permission {@code RECEIPTS_REVERSE}, the principal recorded as who reversed): reverses a receipt booked in error (see
 * {@link PgReversals}); 404 for an unknown receipt, 409 for one already reversed.
 */
public final class ReversalApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReversalApi.class);
  private static final int MAX_REASON = 500;

  private final KeneyaConfig config;
  private final PgReversals reversals;
  private final Messages messages;
  private final Access access;

  public ReversalApi(KeneyaConfig config, PgReversals reversals, Messages messages, Access access) {
    this.access = access;
    this.config = config;
    this.reversals = reversals;
    this.messages = messages;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/v1/receipts/:receiptNumber/reversal").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(access.require(Permission.RECEIPTS_REVERSE)).handler(this::reverse);
  }

  private void reverse(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null || !(body.getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > MAX_REASON) {
      json(ctx, 400, error("bad_request", "expected {\"reason\": \"why (at most " + MAX_REASON + " characters)\"}"));
      return;
    }
    String number = ctx.pathParam("receiptNumber").trim().toUpperCase(Locale.ROOT);
    org.keneya.adapters.pg.Actor actor = Access.actor(ctx);
    reversals.mutualOf(number).onComplete(mutual -> {
      if (mutual.failed()) {
        LOG.error("receipt {} could not be read", number, mutual.cause());
        internalError(ctx);
      } else if (mutual.result().isEmpty() || !Access.principal(ctx).may(Permission.RECEIPTS_REVERSE, mutual.result().get(), null)) {
        json(ctx, 404, error("not_found", "no receipt " + number));
      } else {
        reverse(ctx, number, actor, reason.strip());
      }
    });
  }

  private void reverse(RoutingContext ctx, String number, org.keneya.adapters.pg.Actor actor, String reason) {
    reversals.reverse(number, actor, reason, receipt -> {
      String language = messages.supports(receipt.language()) ? receipt.language() : Messages.DEFAULT_LANGUAGE;
      String contact = config.mutual(receipt.mutualId()).map(MutualConfig::contact).orElse(receipt.mutualCode());
      return messages.gsm7(language, messages.text(language, "sms.receiptReversed", Map.of("mutualCode", receipt.mutualCode(),
          "receiptNumber", receipt.receiptNumber(), "amount", receipt.amount().format(), "contact", contact)));
    }).onComplete(result -> {
      if (result.failed()) {
        LOG.error("reversal of receipt {} failed", number, result.cause());
        internalError(ctx);
        return;
      }
      if (result.result() instanceof PgReversals.Outcome.Reversed reversed) {
        LOG.warn("receipt {} ({}) reversed by {} (account {}): {}", number, reversed.amount(), actor.name(), actor.accountId(), reason);
        json(ctx, 200, new JsonObject().put("receipt", number).put("status", "reversed")
            .put("amount", reversed.amount().amount()).put("currency", reversed.amount().currency()).put("journalEntry", reversed.entryId()));
      } else if (result.result() instanceof PgReversals.Outcome.AlreadyReversed already) {
        json(ctx, 409, error("already_reversed", "receipt " + number + " was reversed at " + already.reversedAt() + " by " + already.reversedBy()));
      } else {
        json(ctx, 404, error("not_found", "no receipt " + number));
      }
    });
  }
}
