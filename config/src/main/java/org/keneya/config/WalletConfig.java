package org.keneya.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A wallet members can pay from and the API that reaches it. Several wallets may speak the same
 * API (an aggregator serving Moov and Orange, two MoMo markets): each is its own entry.
 *
 * @param id the provider name payments, receipts and clearing accounts are recorded under ("orange", "moov", "wave")
 * @param name the wallet as members know it, in menus and receipts ("Orange Money")
 * @param api which API it speaks ("MOMO", "ORANGE_MONEY", ...): the kind of adapter, registered by the
 *     adapters module, that serves it; its settings are the section named as the API in lower camel case
 *     ({@link #section()}: "momo", "orangeMoney")
 * @param prefixes E.164 prefixes of the numbers it can collect from ("+2237"); empty: any number
 * @param networkCodes the mobile networks (MCC+MNC) whose subscribers it serves, offered to them first
 * @param baseUrl the API's address
 * @param callbackBaseUrl this gateway's public address, where the wallet's notifications arrive
 * @param timeoutMillis the longest any one call to the API may take
 * @param sections every other key of the entry, by name: the API's settings (credentials and the like),
 *     which only its adapter knows how to read
 */
public record WalletConfig(
    String id,
    String name,
    String api,
    List<String> prefixes,
    List<String> networkCodes,
    String baseUrl,
    String callbackBaseUrl,
    int timeoutMillis,
    Resilience resilience,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> sections) {

  public WalletConfig {
    sections = Collections.unmodifiableMap(sections == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sections));
  }

  /** The key of the section that holds the settings of this wallet's API. */
  public String section() {
    return api == null ? null : sectionOf(api);
  }

  /** The key of the section that holds {@code api}'s settings: its name in lower camel case ("ORANGE_MONEY": "orangeMoney"). */
  public static String sectionOf(String api) {
    StringBuilder key = new StringBuilder();
    for (String word : api.toLowerCase(Locale.ROOT).split("_")) {
      key.append(key.length() == 0 || word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return key.toString();
  }

  /** The settings of this wallet's API, as written; null when its section is missing or not a mapping. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> settings() {
    return sections.get(section()) instanceof Map<?, ?> settings ? (Map<String, Object>) settings : null;
  }

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
}
