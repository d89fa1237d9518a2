package org.keneya.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A wallet members can pay from and the API that reaches it. Several wallets may speak the same
 * API (an aggregator serving Moov and Orange, two MoMo markets): each is its own entry.
 *
 * @param id the provider name payments, receipts and clearing accounts are recorded under ("orange", "moov", "wave")
 * @param name the wallet as members know it, in menus and receipts ("Orange Money")
 * @param api which API shape it speaks; the section of the same name holds its credentials
 * @param prefixes E.164 prefixes of the numbers it can collect from ("+2237"); empty: any number
 * @param networkCodes the mobile networks (MCC+MNC) whose subscribers it serves, offered to them first
 * @param baseUrl the API's address
 * @param callbackBaseUrl this gateway's public address, where the wallet's notifications arrive
 * @param timeoutMillis the longest any one call to the API may take
 */
public record WalletConfig(
    String id,
    String name,
    Api api,
    List<String> prefixes,
    List<String> networkCodes,
    String baseUrl,
    String callbackBaseUrl,
    int timeoutMillis,
    Resilience resilience,
    MomoApi momo,
    OrangeMoneyApi orangeMoney,
    WaveApi wave,
    CinetPayApi cinetpay) {

  public enum Api { MOMO, ORANGE_MONEY, WAVE, CINETPAY }

  public List<String> prefixesOrEmpty() {
    return prefixes == null ? List.of() : prefixes;
  }

  public List<String> networkCodesOrEmpty() {
    return networkCodes == null ? List.of() : networkCodes;
  }

  /** Whether this wallet can collect from {@code e164} (e.g. "+22376123456"). */
  public boolean serves(String e164) {
    return prefixesOrEmpty().isEmpty() || prefixesOrEmpty().stream().anyMatch(e164::startsWith);
  }

  /**
   * How the wallet is protected from its API's failures.
   *
   * @param failureRatePercent the share of failed calls (over the last {@code windowCalls}) that opens the circuit
   * @param windowCalls how many recent calls the failure rate is measured on (at least that many before it opens)
   * @param openSeconds how long an open circuit refuses calls before letting a few through to test the API
   * @param maxConcurrentCalls calls in flight at once; beyond, a call is refused at once rather than queued
   * @param retries extra attempts of a call that is safe to repeat (same reference id), 0 for none
   * @param retryBackoffMillis the wait before the first extra attempt, doubling with each
   */
  public record Resilience(int failureRatePercent, int windowCalls, int openSeconds, int maxConcurrentCalls, int retries,
      int retryBackoffMillis) {
    public static final Resilience DEFAULT = new Resilience(50, 20, 30, 20, 2, 200);
  }

  public Resilience resilienceOrDefault() {
    return resilience == null ? Resilience.DEFAULT : resilience;
  }

  /** MTN MoMo Collections: Basic apiUser:apiKey for the token, the subscription key on every call. */
  public record MomoApi(String apiUser, String apiKey, String subscriptionKey, String targetEnvironment) {
    List<String> missing() {
      return blankOf("apiUser", apiUser, "apiKey", apiKey, "subscriptionKey", subscriptionKey, "targetEnvironment", targetEnvironment);
    }
  }

  /**
   * Orange Money merchant payment (USSD push): OAuth client credentials for the bearer token, the
   * merchant channel's {@code X-AUTH-TOKEN}, the merchant's number and PIN that authorise a push.
   * {@code currency} is the merchant account's (the API names none in its answers): XOF when absent.
   */
  public record OrangeMoneyApi(String clientId, String clientSecret, String authToken, String channelUserMsisdn, String pin,
      String currency) {
    public String currencyOrDefault() {
      return currency == null || currency.isBlank() ? "XOF" : currency;
    }

    List<String> missing() {
      return blankOf("clientId", clientId, "clientSecret", clientSecret, "authToken", authToken,
          "channelUserMsisdn", channelUserMsisdn, "pin", pin);
    }
  }

  /**
   * Wave Checkout: the API key, and how webhooks are secured ({@code SIGNING}: HMAC signature in
   * {@code Wave-Signature} with {@code webhookSecret}; {@code SHARED_SECRET}: the secret as a bearer token).
   */
  public record WaveApi(String apiKey, String webhookSecret, WebhookSecurity webhookSecurity, String successUrl, String errorUrl) {
    public enum WebhookSecurity { SIGNING, SHARED_SECRET }

    List<String> missing() {
      List<String> missing = blankOf("apiKey", apiKey, "webhookSecret", webhookSecret, "successUrl", successUrl, "errorUrl", errorUrl);
      if (webhookSecurity == null) missing.add("webhookSecurity");
      return missing;
    }
  }

  /** A CinetPay-style aggregator: API key and site id for calls, the secret key that signs notifications ({@code x-token}). */
  public record CinetPayApi(String apiKey, String siteId, String secretKey, String channels) {
    List<String> missing() {
      return blankOf("apiKey", apiKey, "siteId", siteId, "secretKey", secretKey, "channels", channels);
    }
  }

  /** The blank required fields of this wallet's API section ("wave.apiKey"), or the section itself when it is missing. */
  List<String> missingCredentials() {
    if (api == null) return List.of();
    List<String> fields = switch (api) {
      case MOMO -> momo == null ? null : momo.missing();
      case ORANGE_MONEY -> orangeMoney == null ? null : orangeMoney.missing();
      case WAVE -> wave == null ? null : wave.missing();
      case CINETPAY -> cinetpay == null ? null : cinetpay.missing();
    };
    String section = section(api);
    return fields == null ? List.of(section) : fields.stream().map(field -> section + "." + field).toList();
  }

  /** The key of the section that holds {@code api}'s credentials. */
  static String section(Api api) {
    return switch (api) {
      case MOMO -> "momo";
      case ORANGE_MONEY -> "orangeMoney";
      case WAVE -> "wave";
      case CINETPAY -> "cinetpay";
    };
  }

  private static List<String> blankOf(String... namesAndValues) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null || namesAndValues[i + 1].isBlank()) missing.add(namesAndValues[i]);
    }
    return missing;
  }
}
