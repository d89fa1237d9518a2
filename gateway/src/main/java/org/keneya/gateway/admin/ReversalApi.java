package org.keneya.gateway.admin;

import static org.keneya.gateway.admin.AdminApi.error;
import static org.keneya.gateway.admin.AdminApi.json;
import static org.keneya.gateway.admin.AdminApi.jsonBody;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Map;
import org.keneya.adapters.pg.PgReversals;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.flows.messages.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/receipts/<receipt number>/reversal} with {@code {"reversedBy": "...",
 * "reason": "..."}}, behind the admin token: reverses a receipt booked in error (see
 * {@link PgReversals}); 404 for an unknown receipt, 409 for one already reversed.
 */
public final class ReversalApi {
  private static final Logger LOG = LoggerFactory.getLogger(ReversalApi.class);
  private static final int MAX_REASON = 500;

  private final KeneyaConfig config;
  private final PgReversals reversals;
  private final Messages messages;

  public ReversalApi(KeneyaConfig config, PgReversals reversals, Messages messages) {
    this.config = config;
    this.reversals = reversals;
    this.messages = messages;
  }

  public void addRoutes(Router router) {
    router.post("/api/v1/receipts/:receiptNumber/reversal").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::reverse);
  }

  private void reverse(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body == null || !(body.getValue("reversedBy") instanceof String actor) || actor.isBlank()
        || !(body.getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > MAX_REASON) {
      json(ctx, 400, error("bad_request", "expected {\"reversedBy\": \"who\", \"reason\": \"why (at most " + MAX_REASON + " characters)\"}"));
      return;
    }
    String number = ctx.pathParam("receiptNumber").trim().toUpperCase(Locale.ROOT);
    reversals.reverse(number, actor.strip(), reason.strip(), receipt -> {
      String language = messages.supports(receipt.language()) ? receipt.language() : Messages.DEFAULT_LANGUAGE;
      String contact = config.mutual(receipt.mutualId()).map(MutualConfig::contact).orElse(receipt.mutualCode());
      return messages.gsm7(language, messages.text(language, "sms.receiptReversed", Map.of("mutualCode", receipt.mutualCode(),
          "receiptNumber", receipt.receiptNumber(), "amount", receipt.amount().format(), "contact", contact)));
    }).onComplete(result -> {
      if (result.failed()) {
        LOG.error("reversal of receipt {} failed", number, result.cause());
        json(ctx, 500, error("internal", "internal error; it has been logged"));
        return;
      }
      if (result.result() instanceof PgReversals.Outcome.Reversed reversed) {
        LOG.warn("receipt {} ({}) reversed by {}: {}", number, reversed.amount(), actor.strip(), reason.strip());
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
