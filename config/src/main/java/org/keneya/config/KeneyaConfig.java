package org.keneya.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one gateway deployment. Everything that differs between mutuals
 * (products, prices, co-financing, sections) lives here, never in code.
 */
public record KeneyaConfig(
    HttpConfig http,
    PgConfig pg,
    RedisConfig redis,
    AdminConfig admin,
    String defaultCountryCode,
    UssdConfig ussd,
    SmsConfig sms,
    MomoConfig momo,
    PaymentsConfig payments,
    SimulatorConfig simulator,
    List<ProductConfig> products,
    List<MutualConfig> mutuals) {

  public record HttpConfig(int port) {}

  /** {@code url} empty means: start an embedded PostgreSQL whose files live in {@code embeddedDataDir}. */
  public record PgConfig(String url, String embeddedDataDir, int poolSize) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  /** {@code url} empty means: keep USSD sessions in this process's memory. */
  public record RedisConfig(String url) {
    public boolean configured() {
      return url != null && !url.isBlank();
    }
  }

  public record AdminConfig(String token) {}

  public record UssdConfig(String serviceCode, int sessionTtlSeconds, String helpContact) {}

  /** Africa's Talking-style SMS API. */
  public record SmsConfig(String baseUrl, String username, String apiKey, String senderId, int timeoutMillis) {}

  /** MTN MoMo Collections-style wallet API. */
  public record MomoConfig(
      String baseUrl,
      String apiUser,
      String apiKey,
      String subscriptionKey,
      String targetEnvironment,
      String callbackBaseUrl,
      int timeoutMillis) {}

  /**
   * How long a wallet payment may stay unanswered: first status check after {@code pollAfterSeconds},
   * then every {@code pollIntervalSeconds} (doubling, capped at ten times that), and given up as
   * expired after {@code expireAfterMinutes}.
   */
  public record PaymentsConfig(int pollAfterSeconds, int pollIntervalSeconds, int expireAfterMinutes) {}

  /**
   * In-process stand-ins for the wallet and SMS APIs, so the demo runs with nothing else installed.
   * When enabled, the MoMo and SMS clients and the wallet's callbacks point at this gateway itself
   * and the configured base URLs are not used. The simulated wallet approves each payment after
   * {@code approveAfterMillis}, except from payers whose number ends in 99, which it declines.
   */
  public record SimulatorConfig(boolean enabled, int approveAfterMillis) {}

  public Optional<ProductConfig> product(String id) {
    return products.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<MutualConfig> mutual(String id) {
    return mutuals.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
