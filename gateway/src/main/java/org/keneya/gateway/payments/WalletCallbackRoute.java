package org.keneya.gateway.payments;

import org.keneya.gateway.PeerAnswers;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.keneya.flows.ports.PaymentProvider.Callback;
import org.keneya.gateway.RouteGroup;

/**
 * Where wallets notify us: {@code /callbacks/<wallet>} (an address set once in the provider's
 * portal) or {@code /callbacks/<wallet>/<our reference>} (an address given with each request), by
 * POST or PUT. The body is handed over exactly as received, for signatures computed on it.
 *
 * <p>Answers: 200 once applied (or a repeat, or an event we do not use); 401 forged or
 * unverifiable; 400 unreadable; 404 unknown wallet or payment; 503 when the provider could not be
 * asked to confirm, so that it calls again (our status checks will get there anyway).
 */
public final class WalletCallbackRoute implements RouteGroup {
  private static final int MAX_BODY = 64 * 1024;

  private final PaymentService payments;

  public WalletCallbackRoute(PaymentService payments) {
    this.payments = payments;
  }

  @Override
  public void addRoutes(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY).setHandleFileUploads(false);
    for (String path : new String[] {"/callbacks/:wallet", "/callbacks/:wallet/:reference"}) {
      router.post(path).handler(body).handler(this::callback);
      router.put(path).handler(body).handler(this::callback);
    }
    // Aggregators check that the notification address answers before they use it.
    router.get("/callbacks/:wallet").handler(ctx -> PeerAnswers.outcome(ctx, 200, "ready", "notifications are received here by POST"));
    // Where a member's browser lands after paying from a link: a page for people, which books nothing.
    router.route("/returns/:wallet").handler(ctx -> ctx.response().setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8")
        .end("<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>Keneya</title>"
            + "<p>Merci. Votre paiement est en cours de vérification ; vous recevrez un reçu par SMS.</p>"
            + "<p>I ni ce. I ka sara bɛ sɛgɛsɛgɛ ; i bɛna rasidi sɔrɔ SMS la.</p>"));
  }

  private void callback(RoutingContext ctx) {
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    String raw = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(java.nio.charset.StandardCharsets.UTF_8);
    Callback callback = new Callback(ctx.pathParam("reference"), Map.copyOf(headers), raw);
    payments.callback(ctx.pathParam("wallet"), callback).onComplete(result -> {
      if (result.failed()) {
        PeerAnswers.outcome(ctx, 503, "try_again", "could not process the notification now; send it again later");
        return;
      }
      PaymentService.CallbackOutcome outcome = result.result();
      PeerAnswers.outcome(ctx, outcome.httpStatus, outcome.name().toLowerCase(Locale.ROOT), switch (outcome) {
        case APPLIED -> "applied";
        case DUPLICATE -> "already processed";
        case IGNORED -> "event not used";
        case FORGED -> "signature or secret missing or wrong";
        case MALFORMED -> "notification could not be read";
        case UNKNOWN_PAYMENT -> "unknown payment reference";
        case UNKNOWN_WALLET -> "unknown wallet";
        case UNVERIFIED -> "could not verify with the provider; send it again later";
      });
    });
  }

}
