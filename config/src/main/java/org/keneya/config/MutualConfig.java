package org.keneya.config;

import java.util.List;
import java.util.Optional;

/**
 * A mutual (cercle level) with its sections (communes). {@code code} prefixes its member and receipt
 * numbers; {@code products} are what it sells, and a section may offer only some of them;
 * {@code guaranteeFundPercent} of each contribution is set aside in the guarantee fund (3 when absent);
 * {@code chartOfAccounts} overrides entries of the deployment's chart for this mutual;
 * {@code externalLedger}, when set, is the mutual's management software each journal entry is posted to;
 * {@code region} names where its members live for the harvest calendars ({@code reminders.harvests}),
 * and a section elsewhere names its own; {@code collectorCommissionPercent}, when set, is its
 * collectors' commission instead of {@code collectors.commissionPercent}.
 */
public record MutualConfig(
    String id,
    String code,
    String name,
    String union,
    String currency,
    String contact,
    List<String> products,
    List<SectionConfig> sections,
    Integer guaranteeFundPercent,
    java.util.Map<String, AccountConfig> chartOfAccounts,
    ExternalLedgerConfig externalLedger,
    String region,
    Integer collectorCommissionPercent) {

  /** The guarantee fund's default share of contributions (3 %, as the mutuals' documents set it). */
  public static final int DEFAULT_GUARANTEE_FUND_PERCENT = 3;

  /** The share of each contribution set aside in the guarantee fund, in percent. */
  public int guaranteeFund() {
    return guaranteeFundPercent == null ? DEFAULT_GUARANTEE_FUND_PERCENT : guaranteeFundPercent;
  }

  public record SectionConfig(String id, String name, String contact, List<String> products, String region) {
    /** Where this section's members live: its own region, or the mutual's. */
    public String regionIn(MutualConfig mutual) {
      return region == null || region.isBlank() ? mutual.region() : region;
    }

    /** The products on offer in this section: its own list, or all of the mutual's. */
    public List<String> offeredProducts(MutualConfig mutual) {
      return products == null || products.isEmpty() ? mutual.products() : products;
    }
  }

  public Optional<SectionConfig> section(String id) {
    return sections.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
