package org.keneya.adapters.sms;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.config.KeneyaConfig.SmsConfig;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.SmsSender;

/**
 * Africa's Talking-style bulk SMS: {@code POST /version1/messaging} with the {@code apiKey} header
 * and a form {@code username, to, message, from}; the answer lists each recipient with a
 * {@code statusCode} (100 processed, 101 sent, 102 queued; 4xx/5xx refusals), as in Africa's
 * Talking's SMS documentation.
 */
public final class AfricasTalkingSms implements SmsSender {
  /** Refusals that sending the same message again cannot fix: bad number, unsupported, blacklisted, DND. */
  private static final Set<Integer> PERMANENT = Set.of(402, 403, 404, 406, 409);

  private final WebClient client;
  private final SmsConfig config;
  private final String baseUrl;

  public AfricasTalkingSms(Vertx vertx, SmsConfig config, String baseUrl) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("keneya-gateway").setConnectTimeout(config.timeoutMillis()));
    this.config = config;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public CompletionStage<String> send(Msisdn to, String message) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("username", config.username())
        .add("to", to.e164())
        .add("message", message);
    if (config.senderId() != null && !config.senderId().isBlank()) form.add("from", config.senderId());
    return client.postAbs(baseUrl + "/version1/messaging")
        .timeout(config.timeoutMillis())
        .putHeader("apiKey", config.apiKey())
        .putHeader("Accept", "application/json")
        .sendForm(form)
        .compose(response -> {
          if (response.statusCode() / 100 != 2) {
            boolean permanent = response.statusCode() == 400;
            return Future.<String>failedFuture(new RemoteFailure("sms API answered " + response.statusCode(), permanent));
          }
          JsonObject body;
          try {
            body = response.bodyAsJsonObject();
          } catch (RuntimeException e) {
            return Future.<String>failedFuture(new RemoteFailure("sms API answer is not JSON", false));
          }
          JsonObject data = body == null ? null : body.getJsonObject("SMSMessageData");
          JsonArray recipients = data == null ? null : data.getJsonArray("Recipients");
          if (recipients == null || recipients.isEmpty()) {
            String why = data == null ? "no SMSMessageData" : data.getString("Message", "no recipient accepted");
            return Future.<String>failedFuture(new RemoteFailure("sms API accepted no recipient: " + why, false));
          }
          JsonObject recipient = recipients.getJsonObject(0);
          int code = recipient.getInteger("statusCode", 0);
          if (code >= 100 && code <= 102) return Future.succeededFuture(recipient.getString("messageId"));
          return Future.<String>failedFuture(new RemoteFailure("sms refused: " + code + " " + recipient.getString("status"), PERMANENT.contains(code)));
        })
        .toCompletionStage();
  }
}
