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
    String defaultCountryCode,
    UssdConfig ussd,
    SmsConfig sms,
    SmppConfig smpp,
    List<WalletConfig> wallets,
    PaymentsConfig payments,
    RightsConfig rights,
    RemindersConfig reminders,
    CollectorsConfig collectors,
    List<HealthCentre> healthCentres,
    PeersConfig peers,
    SimulatorConfig simulator,
    List<ProductConfig> products,
    List<MutualConfig> mutuals,
    java.util.Map<String, AccountConfig> chartOfAccounts) {

  /**
   * @param managementPort when set (not 0), {@code /metrics} and the administrators' API are served
   *     there only, a port the reverse proxy does not publish; absent or 0: on {@code port} with the rest
   * @param instances how many event loops serve the public port, each with its own copy of the routes;
   *     absent or 0: one per processor
   */
  public record HttpConfig(int port, Integer managementPort, Integer instances) {
    public boolean separateManagement() {
      return managementPort != null && managementPort != 0;
    }

    public int instancesOrDefault() {
      return instances == null || instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
    }
  }

  /**
   * {@code url} empty means: start an embedded PostgreSQL whose files live in {@code embeddedDataDir}.
   * {@code migrationUrl}, when set, names the role that owns the schema and runs the migrations; the
   * role of {@code url} is then left able only to read and append.
   */
  public record PgConfig(String url, String migrationUrl, String embeddedDataDir, int poolSize) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }

    public boolean separateMigrationRole() {
      return migrationUrl != null && !migrationUrl.isBlank();
    }
  }

  /**
   * {@code url} empty means: keep USSD sessions in this process's memory. Every key starts with
   * {@code keyPrefix} (default "keneya:"), so that several deployments can share one Redis;
   * {@code poolSize} connections (default 16) carry the commands, with up to 64 each waiting.
   */
  public record RedisConfig(String url, String keyPrefix, int poolSize) {
    /** Connections to Redis; each USSD hop needs about two round trips. */
    public int pool() {
      return poolSize > 0 ? poolSize : 16;
    }

    public boolean configured() {
      return url != null && !url.isBlank();
    }

    public String prefix() {
      return keyPrefix == null || keyPrefix.isBlank() ? "keneya:" : keyPrefix;
    }
  }

  /**
   * @param operators what each mobile network's phones can display; a network not listed gets {@code defaultAlphabet}
   * @param rateLimit the most hops one number may make in a window, against abuse
   */
  public record UssdConfig(String serviceCode, int sessionTtlSeconds, String helpContact, Alphabet defaultAlphabet,
      List<Operator> operators, RateLimit rateLimit) {

    /** The alphabet screens are sent in to callers of {@code networkCode} (null when the aggregator does not say). */
    public Alphabet alphabet(String networkCode) {
      if (networkCode != null && operators != null) {
        for (Operator operator : operators) {
          if (networkCode.equals(operator.networkCode())) return operator.alphabet();
        }
      }
      return defaultAlphabet;
    }
  }

  /**
   * GSM7: only the GSM 7-bit alphabet shows (Bambara's ɛ, ɔ, ɲ, ŋ take their fallback spelling);
   * UNICODE: the network and its phones show them.
   */
  public enum Alphabet { GSM7, UNICODE }

  /** A mobile network, named by its MCC+MNC code as aggregators send it (e.g. 61002). */
  public record Operator(String networkCode, String name, Alphabet alphabet) {}

  /** At most {@code hops} USSD hops per number in any {@code windowSeconds}; 0 hops turns the limit off. */
  public record RateLimit(int hops, int windowSeconds) {}

  /**
   * Africa's Talking-style SMS API.
   *
   * @param inboundPerHour the most SMS one number may send us in an hour before we stop answering (a flood)
   * @param maxPerSecond the most SMS handed to the transport in a second, as its contract allows
   * @param allowedCountryCodes the calling codes ("223") whose numbers we send SMS to, besides the
   *     wallets' prefixes; none: {@code defaultCountryCode} alone (SMS pumping to far countries is billed to the mutual)
   * @param maxPerHour the most SMS all instances together send in an hour; 0: no budget
   */
  public record SmsConfig(String baseUrl, String username, String apiKey, String senderId, int timeoutMillis, int inboundPerHour,
      int maxPerSecond, List<String> allowedCountryCodes, int maxPerHour) {}

  /** The calling codes whose numbers may get our SMS: {@code sms.allowedCountryCodes}, or the default country's alone. */
  public List<String> smsCountryCodes() {
    List<String> allowed = sms == null ? null : sms.allowedCountryCodes();
    return allowed == null || allowed.isEmpty() ? List.of(defaultCountryCode) : allowed;
  }

  /**
   * How long a wallet payment may stay unanswered: first status check after {@code pollAfterSeconds},
   * then every {@code pollIntervalSeconds} (doubling, capped at ten times that), and given up as
   * expired after {@code expireAfterMinutes}.
   */
  public record PaymentsConfig(int pollAfterSeconds, int pollIntervalSeconds, int expireAfterMinutes) {}

  /**
   * The daily rights run: each person's rights recomputed, and households told by SMS of a change
   * (opened, grace started, suspended, reopened), once a day from {@code dailyRunHour} (local time:
   * not at night).
   */
  public record RightsConfig(int dailyRunHour) {}

  /**
   * A health centre (CSCom, hospital) that checks members' rights before care, for the members of
   * {@code mutuals} only: at {@code GET /api/v1/rights/<member number>} with the API key of an
   * account holding the health-centre role for this {@code id}, or by USSD from one of its
   * registered {@code msisdns}.
   */
  public record HealthCentre(String id, String name, List<String> mutuals, List<String> msisdns) {
    /** The centre's registered phones (E.164): calling the USSD code from one opens the rights check. */
    public List<String> msisdnsOrEmpty() {
      return msisdns == null ? List.of() : msisdns;
    }
  }

  public List<HealthCentre> healthCentresOrEmpty() {
    return healthCentres == null ? List.of() : healthCentres;
  }

  /**
   * In-process stand-ins for the wallet and SMS APIs, so the demo runs with nothing else installed.
   * When enabled, every wallet and SMS client, and the wallets' callbacks, point at this gateway
   * itself and the configured base URLs are not used. The simulated wallet approves each payment after
   * {@code approveAfterMillis}, except from payers whose number ends in 99, which it declines.
   */
  public record SimulatorConfig(boolean enabled, int approveAfterMillis) {}

  /** The reminder rules: the configured ones, or the defaults when the section is absent. */
  public RemindersConfig remindersOrDefaults() {
    return reminders == null ? RemindersConfig.defaults() : reminders;
  }

  public CollectorsConfig collectorsOrDefaults() {
    return collectors == null ? CollectorsConfig.defaults() : collectors;
  }

  /** The commission of {@code mutual}'s collectors, in percent of the cash they collect. */
  public int collectorCommissionPercent(MutualConfig mutual) {
    return mutual.collectorCommissionPercent() != null ? mutual.collectorCommissionPercent() : collectorsOrDefaults().commissionPercent();
  }

  public Optional<ProductConfig> product(String id) {
    return products.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<WalletConfig> wallet(String id) {
    return wallets.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  /**
   * The chart of accounts of {@code mutual}: the deployment's, with the mutual's own entries over
   * it, keyed by the gateway's account keys.
   */
  public java.util.Map<String, AccountConfig> chartOf(MutualConfig mutual) {
    java.util.Map<String, AccountConfig> chart = new java.util.TreeMap<>(chartOfAccounts == null ? java.util.Map.of() : chartOfAccounts);
    if (mutual.chartOfAccounts() != null) chart.putAll(mutual.chartOfAccounts());
    return chart;
  }

  /** Every account key the gateway posts to for {@code mutual}: its chart must name each. */
  public java.util.List<String> accountsPostedBy(MutualConfig mutual) {
    java.util.Set<String> keys = new java.util.TreeSet<>(java.util.List.of("bank", "collector-cash", "cash-shortfall", "credit", "adhesion-income",
        "guarantee-fund", "guarantee-fund-allocation"));
    if (wallets != null) wallets.forEach(w -> keys.add("wallet-clearing:" + w.id()));
    for (String productId : mutual.products() == null ? java.util.List.<String>of() : mutual.products()) {
      keys.add("contribution-income:" + productId);
      product(productId).filter(p -> p.cofinancing() != null && p.cofinancing().funders() != null)
          .ifPresent(p -> p.cofinancing().funders().forEach(f -> keys.add("subsidy-receivable:" + f.id())));
    }
    return java.util.List.copyOf(keys);
  }

  public Optional<MutualConfig> mutual(String id) {
    return mutuals.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
