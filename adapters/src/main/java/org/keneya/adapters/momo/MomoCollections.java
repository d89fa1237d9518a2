package org.keneya.adapters.momo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.keneya.adapters.http.AccessToken;
import org.keneya.adapters.http.WalletEndpoint;
import org.keneya.adapters.wallets.WalletKind;
import org.keneya.adapters.wallets.WalletSettings;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.ports.WalletFailure;
import org.keneya.config.WalletConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.PaymentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MTN MoMo Collections-style wallet: an OAuth token from {@code /collection/token/}, request-to-pay
 * with our reference id as {@code X-Reference-Id}, status by reference id. Shapes as published in
 * MTN's MoMo developer documentation (Collection product: "RequesttoPay", "RequesttoPayTransactionStatus").
 */
public final class MomoCollections implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(MomoCollections.class);

  /** MTN MoMo Collections: Basic apiUser:apiKey for the token, the subscription key on every call. */
  public record Settings(String apiUser, String apiKey, String subscriptionKey, String targetEnvironment) implements WalletSettings {
    @Override
    public List<String> missing() {
      return WalletSettings.blank("apiUser", apiUser, "apiKey", apiKey, "subscriptionKey", subscriptionKey,
          "targetEnvironment", targetEnvironment);
    }
  }

  /** The configuration's {@code api: MOMO}. */
  public static final class Kind extends WalletKind<Settings> {
    public Kind() {
      super("MOMO", Settings.class, false, MomoCollections::new);
    }
  }

  private final WalletEndpoint endpoint;
  private final Settings config;
  private final AccessToken accessToken;

  public MomoCollections(Vertx vertx, WalletConfig wallet, Settings settings, String baseUrl, String callbackBaseUrl, Clock clock) {
    this.endpoint = WalletEndpoint.of(vertx, wallet, baseUrl, callbackBaseUrl);
    this.config = settings;
    this.accessToken = new AccessToken(clock, this::fetchToken);
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  /** The URL the provider calls back for {@code referenceId}. */
  public String callbackUrl(String referenceId) {
    return endpoint.callbackUrl(referenceId);
  }

  @Override
  public boolean requestIsIdempotent() {
    // X-Reference-Id: a second request with the same one is refused with 409, never collected twice.
    return true;
  }

  @Override
  public CompletionStage<Requested> requestPayment(PaymentOrder order) {
    String referenceId = order.referenceId();
    Msisdn payer = order.payer();
    Money amount = order.amount();
    String externalId = referenceId;
    String payerMessage = order.description();
    JsonObject body = new JsonObject()
        .put("amount", Long.toString(amount.amount()))
        .put("currency", amount.currency())
        .put("externalId", externalId)
        .put("payer", new JsonObject().put("partyIdType", "MSISDN").put("partyId", payer.e164().substring(1)))
        .put("payerMessage", payerMessage)
        .put("payeeNote", externalId);
    return token().compose(bearer -> endpoint.client().postAbs(endpoint.baseUrl() + "/collection/v1_0/requesttopay")
            .timeout(endpoint.timeoutMillis())
            .putHeader("Authorization", "Bearer " + bearer)
            .putHeader("X-Reference-Id", referenceId)
            .putHeader("X-Target-Environment", config.targetEnvironment())
            .putHeader("X-Callback-Url", callbackUrl(referenceId))
            .putHeader("Ocp-Apim-Subscription-Key", config.subscriptionKey())
            .sendJsonObject(body))
        .<Requested>compose(response -> {
          int status = response.statusCode();
          // 409: a request with this reference id already exists, i.e. an earlier try got through.
          if (status == 202 || status == 409) return Future.succeededFuture(Requested.byOurReference());
          return Future.failedFuture(failure("requesttopay " + referenceId, response));
        })
        .onFailure(e -> LOG.warn("momo requesttopay failed reference={} payer={} error={}", referenceId, payer.masked(), e.getMessage()))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<PaymentStatus> status(PaymentReference reference) {
    String referenceId = reference.referenceId();
    return token().compose(bearer -> endpoint.client().getAbs(endpoint.baseUrl() + "/collection/v1_0/requesttopay/" + referenceId)
            .timeout(endpoint.timeoutMillis())
            .putHeader("Authorization", "Bearer " + bearer)
            .putHeader("X-Target-Environment", config.targetEnvironment())
            .putHeader("Ocp-Apim-Subscription-Key", config.subscriptionKey())
            .send())
        .compose(response -> {
          if (response.statusCode() == 404) return Future.succeededFuture((PaymentStatus) new PaymentStatus.Unknown());
          if (response.statusCode() != 200) return Future.failedFuture(failure("status " + referenceId, response));
          return Future.succeededFuture(parseStatus(response.bodyAsJsonObject()));
        })
        .toCompletionStage();
  }

  /**
   * MoMo callbacks carry no signature: the body says which payment (our reference id is in the
   * callback path) and what happened, and is only believed once the status is asked of MoMo.
   */
  @Override
  public CallbackVerdict readCallback(Callback callback) {
    String reference = callback.pathReference();
    if (reference == null || reference.isBlank()) return new CallbackVerdict.Rejected(false, "no payment reference in the callback path");
    JsonObject body;
    try {
      body = callback.body() == null || callback.body().isBlank() ? new JsonObject() : new JsonObject(callback.body());
    } catch (RuntimeException e) {
      return new CallbackVerdict.Rejected(false, "callback body is not JSON");
    }
    Object transaction = body.getValue("financialTransactionId");
    String eventId = transaction == null ? null : reference + ":" + transaction;
    return new CallbackVerdict.Claim(eventId, reference, null, null, false);
  }

  /** Reads a status body (the same shape arrives in callbacks). */
  public static PaymentStatus parseStatus(JsonObject body) {
    if (body == null) throw new RemoteFailure("momo status without a body", false);
    String status = body.getString("status", "");
    return switch (status) {
      case "SUCCESSFUL" -> new PaymentStatus.Successful(body.getString("financialTransactionId"),
          Money.of(wholeUnits(body.getValue("amount")), body.getString("currency", "")));
      case "FAILED", "REJECTED", "TIMEOUT" -> new PaymentStatus.Failed(reason(body));
      case "PENDING", "CREATED", "ONGOING" -> new PaymentStatus.Pending();
      default -> throw new RemoteFailure("momo status '" + status + "' is not one we know", false);
    };
  }

  private static String reason(JsonObject body) {
    Object reason = body.getValue("reason");
    if (reason instanceof JsonObject r) return r.getString("code", r.encode());
    return reason == null ? body.getString("status") : reason.toString();
  }

  /** MoMo writes amounts as strings ("11380"); anything but whole units cannot be ours. */
  static long wholeUnits(Object amount) {
    try {
      return new BigDecimal(String.valueOf(amount)).stripTrailingZeros().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      // Not whole francs: it can match no intent, so it is held for review rather than dropped.
      return -1;
    }
  }

  private Future<String> token() {
    return accessToken.get();
  }

  private Future<AccessToken.Grant> fetchToken() {
    String basic = Base64.getEncoder().encodeToString((config.apiUser() + ":" + config.apiKey()).getBytes(StandardCharsets.UTF_8));
    return endpoint.client().postAbs(endpoint.baseUrl() + "/collection/token/")
        .timeout(endpoint.timeoutMillis())
        .putHeader("Authorization", "Basic " + basic)
        .putHeader("Ocp-Apim-Subscription-Key", config.subscriptionKey())
        .send()
        .compose(response -> {
          if (response.statusCode() != 200) return Future.failedFuture(failure("token", response));
          JsonObject body = response.bodyAsJsonObject();
          String granted = body == null ? null : body.getString("access_token");
          if (granted == null) return Future.failedFuture(new RemoteFailure("momo token answer without access_token", false));
          long expiresIn = body.getLong("expires_in", 3600L);
          return Future.succeededFuture(new AccessToken.Grant(granted, expiresIn));
        });
  }


  private RemoteFailure failure(String call, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 401) accessToken.forget();
    boolean permanent = WalletFailure.of(status).permanent();
    String body = response.bodyAsString();
    return new RemoteFailure("momo " + call + " answered " + status + (body == null ? "" : ": " + abbreviate(body)), permanent);
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

}
