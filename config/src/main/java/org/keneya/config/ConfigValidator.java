package org.keneya.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keneya.config.MutualConfig.SectionConfig;
import org.keneya.config.ProductConfig.ContributionRule;

/** Checks a parsed configuration for what would make the gateway misbehave; each problem names its key. */
public final class ConfigValidator {
  /** More event loops than this would only share the same processors and the same database pool. */
  static final int MAX_HTTP_INSTANCES = 64;

  private ConfigValidator() {}

  private static void validateWallets(List<WalletConfig> wallets, List<String> p) {
    if (wallets == null || wallets.isEmpty()) {
      p.add("wallets: at least one wallet is required");
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < wallets.size(); i++) {
      WalletConfig w = wallets.get(i);
      String key = "wallets[" + i + "]" + (blank(w.id()) ? "" : " (" + w.id() + ")");
      if (blank(w.id()) || !w.id().matches("[a-z][a-z0-9-]{0,30}")) p.add(key + ".id: required, lower-case letters, digits and '-'");
      else if (!ids.add(w.id())) p.add(key + ".id: used by two wallets");
      else if (w.id().equals("cash")) p.add(key + ".id: 'cash' names the collectors' cash, not a wallet");
      if (blank(w.name())) p.add(key + ".name: required (the wallet's name as members know it, e.g. Orange Money)");
      if (blank(w.api())) p.add(key + ".api: required, the kind of API the wallet speaks (MOMO, ORANGE_MONEY, WAVE, CINETPAY, ...)");
      else if (w.settings() == null) p.add(key + "." + w.section() + ": required");
      url(p, key + ".baseUrl", w.baseUrl());
      url(p, key + ".callbackBaseUrl", w.callbackBaseUrl());
      if (w.timeoutMillis() < 100) p.add(key + ".timeoutMillis: must be at least 100");
      for (String prefix : w.prefixesOrEmpty()) {
        if (prefix == null || !prefix.matches("\\+[0-9]{1,14}")) p.add(key + ".prefixes: '" + prefix + "' is not a number prefix like +2237");
      }
      WalletConfig.Resilience r = w.resilienceOrDefault();
      if (r.failureRatePercent() < 1 || r.failureRatePercent() > 100) p.add(key + ".resilience.failureRatePercent: must be 1 to 100");
      if (r.windowCalls() < 1) p.add(key + ".resilience.windowCalls: must be at least 1");
      if (r.openSeconds() < 1) p.add(key + ".resilience.openSeconds: must be at least 1");
      if (r.maxConcurrentCalls() < 1) p.add(key + ".resilience.maxConcurrentCalls: must be at least 1");
      if (r.retries() < 0 || r.retries() > 5) p.add(key + ".resilience.retries: must be 0 to 5");
      if (r.retryBackoffMillis() < 0) p.add(key + ".resilience.retryBackoffMillis: cannot be negative");
    }
  }

  public static List<String> validate(KeneyaConfig c) {
    List<String> p = new ArrayList<>();
    if (c.http() == null) p.add("http: missing");
    else {
      if (c.http().port() < 0 || c.http().port() > 65535) p.add("http.port: " + c.http().port() + " is not a TCP port (0-65535)");
      if (c.http().separateManagement() && (c.http().managementPort() < 0 || c.http().managementPort() > 65535)) {
        p.add("http.managementPort: " + c.http().managementPort() + " is not a TCP port (0-65535)");
      } else if (c.http().separateManagement() && c.http().port() != 0 && c.http().managementPort().equals(c.http().port())) {
        p.add("http.managementPort: must differ from http.port (0 or absent: serve management on http.port)");
      }
      if (c.http().instances() != null && (c.http().instances() < 0 || c.http().instances() > MAX_HTTP_INSTANCES)) {
        p.add("http.instances: " + c.http().instances() + " is not 0 (one per processor) to " + MAX_HTTP_INSTANCES);
      }
    }
    if (c.pg() == null) p.add("pg: missing");
    else {
      if (!c.pg().embedded() && !c.pg().url().startsWith("postgresql://") && !c.pg().url().startsWith("postgres://")) {
        p.add("pg.url: must look like postgresql://user:password@host:5432/database");
      }
      if (c.pg().embedded() && blank(c.pg().embeddedDataDir())) p.add("pg.embeddedDataDir: required when pg.url is empty");
      if (c.pg().separateMigrationRole()) {
        if (c.pg().embedded()) p.add("pg.migrationUrl: needs pg.url (the embedded database has a single role)");
        else if (!c.pg().migrationUrl().startsWith("postgresql://") && !c.pg().migrationUrl().startsWith("postgres://")) {
          p.add("pg.migrationUrl: must look like postgresql://owner:password@host:5432/database");
        }
      }
      if (c.pg().poolSize() < 1) p.add("pg.poolSize: must be at least 1");
    }
    if (c.redis() == null) p.add("redis: missing (use url: \"\" to keep sessions in memory)");
    else if (c.redis().configured() && !c.redis().url().startsWith("redis://") && !c.redis().url().startsWith("rediss://")) {
      p.add("redis.url: must look like redis://host:6379");
    }
    if (blank(c.defaultCountryCode()) || !c.defaultCountryCode().matches("[1-9][0-9]{0,2}")) {
      p.add("defaultCountryCode: must be a country calling code without '+', e.g. 223");
    }
    if (c.ussd() == null) p.add("ussd: missing");
    else {
      if (c.ussd().sessionTtlSeconds() < 10) p.add("ussd.sessionTtlSeconds: must be at least 10");
      if (blank(c.ussd().helpContact())) p.add("ussd.helpContact: required (who a caller with an unknown number should contact)");
      if (c.ussd().defaultAlphabet() == null) p.add("ussd.defaultAlphabet: required, GSM7 or UNICODE");
      List<KeneyaConfig.Operator> operators = c.ussd().operators() == null ? List.of() : c.ussd().operators();
      for (int i = 0; i < operators.size(); i++) {
        KeneyaConfig.Operator operator = operators.get(i);
        if (blank(operator.networkCode()) || !operator.networkCode().matches("[0-9]{5,6}")) {
          p.add("ussd.operators[" + i + "].networkCode: must be the network's MCC+MNC, e.g. 61002");
        }
        if (operator.alphabet() == null) p.add("ussd.operators[" + i + "].alphabet: required, GSM7 or UNICODE");
      }
      if (c.ussd().rateLimit() == null) p.add("ussd.rateLimit: missing (hops: 0 turns it off)");
      else if (c.ussd().rateLimit().hops() < 0 || (c.ussd().rateLimit().hops() > 0 && c.ussd().rateLimit().windowSeconds() < 1)) {
        p.add("ussd.rateLimit: hops must be 0 (off) or more, and windowSeconds at least 1");
      }
    }
    if (c.sms() == null) p.add("sms: missing");
    else {
      url(p, "sms.baseUrl", c.sms().baseUrl());
      if (blank(c.sms().username())) p.add("sms.username: required");
      if (blank(c.sms().apiKey())) p.add("sms.apiKey: required (set KENEYA_SMS_API_KEY)");
      if (c.sms().timeoutMillis() < 100) p.add("sms.timeoutMillis: must be at least 100");
      if (c.sms().inboundPerHour() < 1) p.add("sms.inboundPerHour: must be at least 1");
      if (c.sms().maxPerSecond() < 1) p.add("sms.maxPerSecond: must be at least 1");
      if (c.sms().maxPerHour() < 0) p.add("sms.maxPerHour: cannot be negative (0: no hourly budget)");
      List<String> codes = c.sms().allowedCountryCodes() == null ? List.of() : c.sms().allowedCountryCodes();
      for (String code : codes) {
        if (code == null || !code.matches("[1-9][0-9]{0,2}")) {
          p.add("sms.allowedCountryCodes: '" + code + "' is not a country calling code without '+', e.g. 223");
        }
      }
    }
    validateWallets(c.wallets(), p);
    for (int i = 0; i < c.healthCentresOrEmpty().size(); i++) {
      KeneyaConfig.HealthCentre centre = c.healthCentresOrEmpty().get(i);
      String key = "healthCentres[" + i + "]" + (blank(centre.id()) ? "" : " (" + centre.id() + ")");
      if (blank(centre.id()) || blank(centre.name())) p.add(key + ": id and name are required");
      for (String msisdn : centre.msisdnsOrEmpty()) {
        if (msisdn == null || !msisdn.matches("\\+[1-9][0-9]{7,14}")) p.add(key + ".msisdns: '" + msisdn + "' is not a phone number like +22376000100");
      }
      if (centre.mutuals() == null || centre.mutuals().isEmpty()) p.add(key + ".mutuals: the mutuals whose members it may check");
      else centre.mutuals().stream().filter(m -> c.mutuals() == null || c.mutuals().stream().noneMatch(x -> x.id().equals(m)))
          .forEach(m -> p.add(key + ".mutuals: unknown mutual '" + m + "'"));
    }
    validatePeers(c.peers(), p);
    if (c.smpp() != null) c.smpp().validate("smpp", p);
    if (c.rights() == null) p.add("rights: missing (dailyRunHour: 8)");
    else if (c.rights().dailyRunHour() < 0 || c.rights().dailyRunHour() > 23) p.add("rights.dailyRunHour: must be an hour, 0 to 23");
    if (c.payments() == null) p.add("payments: missing");
    else {
      if (c.payments().pollAfterSeconds() < 1) p.add("payments.pollAfterSeconds: must be at least 1");
      if (c.payments().pollIntervalSeconds() < 1) p.add("payments.pollIntervalSeconds: must be at least 1");
      if (c.payments().expireAfterMinutes() < 1) p.add("payments.expireAfterMinutes: must be at least 1");
    }
    if (c.simulator() == null) p.add("simulator: missing (enabled: false in production)");
    else if (c.simulator().approveAfterMillis() < 0) p.add("simulator.approveAfterMillis: cannot be negative");
    Set<String> productIds = validateProducts(c.products(), p);
    validateMutuals(c.mutuals(), productIds, p);
    validateReminders(c, productIds, p);
    c.collectorsOrDefaults().validate("collectors", p);
    validateCharts(c, p);
    return p;
  }

  private static void validatePeers(PeersConfig peers, List<String> p) {
    if (peers == null) return;
    for (String proxy : peers.trustedProxiesOrEmpty()) {
      if (Cidr.parse(proxy).isEmpty()) p.add("peers.trustedProxies: '" + proxy + "' is not an address range like 10.0.0.5/32");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < peers.aggregatorsOrEmpty().size(); i++) {
      PeersConfig.Peer peer = peers.aggregatorsOrEmpty().get(i);
      String key = "peers.aggregators[" + i + "]" + (blank(peer.id()) ? "" : " (" + peer.id() + ")");
      if (blank(peer.id()) || !peer.id().matches("[a-z][a-z0-9-]{0,30}")) p.add(key + ".id: required, lower-case letters, digits and '-'");
      else if (!ids.add(peer.id())) p.add(key + ".id: used by two aggregators");
      if (peer.routesOrEmpty().isEmpty()) p.add(key + ".routes: name the route groups it calls, of " + PeersConfig.ROUTE_GROUPS);
      for (String route : peer.routesOrEmpty()) {
        if (!PeersConfig.ROUTE_GROUPS.contains(route)) p.add(key + ".routes: unknown route group '" + route + "', expected " + PeersConfig.ROUTE_GROUPS);
      }
      // The secret travels as a path segment: characters that would need escaping are refused there.
      if (peer.hasSecret() && !peer.secret().matches("[A-Za-z0-9._~-]+")) {
        p.add(key + ".secret: only letters, digits and . _ ~ - (it is a segment of the registered URL)");
      }
      for (String range : peer.allowFromOrEmpty()) {
        if (Cidr.parse(range).isEmpty()) p.add(key + ".allowFrom: '" + range + "' is not an address range like 196.201.214.0/24");
      }
    }
  }

  private static Set<String> validateProducts(List<ProductConfig> products, List<String> p) {
    Set<String> ids = new HashSet<>();
    if (products == null || products.isEmpty()) {
      p.add("products: at least one product is required");
      return ids;
    }
    for (int i = 0; i < products.size(); i++) {
      ProductConfig product = products.get(i);
      String key = "products[" + i + "]";
      if (blank(product.id())) {
        p.add(key + ".id: required");
        continue;
      }
      key = key + " (" + product.id() + ")";
      if (!ids.add(product.id())) p.add(key + ".id: duplicate product id");
      if (blank(product.name())) p.add(key + ".name: required");
      if (product.periodicity() == null) p.add(key + ".periodicity: required (MONTHLY, QUARTERLY, YEARLY or HARVEST)");
      if (product.waitingPeriodMonths() < 0) p.add(key + ".waitingPeriodMonths: cannot be negative");
      if (product.gracePeriodMonths() < 0) p.add(key + ".gracePeriodMonths: cannot be negative");
      validateRule(product.contribution(), key + ".contribution", p);
      ProductConfig.CoFinancing cf = product.cofinancing();
      if (cf == null) p.add(key + ".cofinancing: required (memberPercent: 100 when members pay everything)");
      else {
        if (cf.memberPercent() < 1 || cf.memberPercent() > 100) p.add(key + ".cofinancing.memberPercent: must be 1 to 100");
        int sum = cf.memberPercent();
        Set<String> funders = new HashSet<>();
        List<ProductConfig.Funder> list = cf.funders() == null ? List.of() : cf.funders();
        for (int f = 0; f < list.size(); f++) {
          ProductConfig.Funder funder = list.get(f);
          String fk = key + ".cofinancing.funders[" + f + "]";
          if (blank(funder.id()) || !funder.id().matches("[a-z0-9-]+")) p.add(fk + ".id: required, lower-case letters, digits and '-'");
          else if (!funders.add(funder.id())) p.add(fk + ".id: duplicate funder '" + funder.id() + "'");
          if (funder.percent() < 1) p.add(fk + ".percent: must be at least 1");
          sum += funder.percent();
        }
        if (sum != 100) {
          p.add(key + ".cofinancing: shares sum to " + sum + "%, must be 100% (member " + cf.memberPercent() + "% + funders)");
        }
      }
      ProductConfig.Adhesion adhesion = product.adhesion();
      if (adhesion == null) p.add(key + ".adhesion: required (fee: 0 when there is none)");
      else {
        if (adhesion.fee() < 0) p.add(key + ".adhesion.fee: cannot be negative");
        if (adhesion.fee() > 0 && adhesion.maxPersons() < 1) p.add(key + ".adhesion.maxPersons: must be at least 1 when there is a fee");
      }
    }
    return ids;
  }

  private static void validateRule(ContributionRule rule, String key, List<String> p) {
    if (rule == null) {
      p.add(key + ": required (type perPerson, perPersonByLevel or perQuantity)");
    } else if (rule instanceof ContributionRule.PerPerson pp) {
      if (pp.amount() < 1) p.add(key + ".amount: must be at least 1");
    } else if (rule instanceof ContributionRule.PerPersonByLevel byLevel) {
      if (byLevel.levels() == null || byLevel.levels().isEmpty()) p.add(key + ".levels: at least one guarantee level is required");
      else {
        Set<String> ids = new HashSet<>();
        for (int l = 0; l < byLevel.levels().size(); l++) {
          ProductConfig.GuaranteeLevel level = byLevel.levels().get(l);
          if (blank(level.id()) || !ids.add(level.id())) p.add(key + ".levels[" + l + "].id: required and unique");
          if (blank(level.name())) p.add(key + ".levels[" + l + "].name: required");
          if (level.amount() < 1) p.add(key + ".levels[" + l + "].amount: must be at least 1");
        }
      }
    } else if (rule instanceof ContributionRule.PerQuantity pq) {
      if (blank(pq.unit())) p.add(key + ".unit: required (e.g. kg)");
      if (pq.amountPerUnit() < 1) p.add(key + ".amountPerUnit: must be at least 1");
    }
  }

  /** Every account the gateway posts to for a mutual must have a code and a name in its chart. */
  private static void validateCharts(KeneyaConfig c, List<String> p) {
    if (c.mutuals() == null) return;
    for (int i = 0; i < c.mutuals().size(); i++) {
      MutualConfig m = c.mutuals().get(i);
      if (m.id() == null) continue;
      java.util.Map<String, AccountConfig> chart = c.chartOf(m);
      for (String account : c.accountsPostedBy(m)) {
        AccountConfig entry = chart.get(account);
        if (entry == null || blank(entry.code()) || blank(entry.name())) {
          p.add("mutuals[" + i + "] (" + m.id() + ").chartOfAccounts: no code and name for '" + account
              + "' (set it in chartOfAccounts, or the mutual's own)");
        }
      }
    }
  }

  private static void validateReminders(KeneyaConfig c, Set<String> productIds, List<String> p) {
    RemindersConfig reminders = c.remindersOrDefaults();
    reminders.validate("reminders", productIds, p);
    java.util.Map<String, String> catalogue = MessageCatalogues.loadShipped().get(MessageCatalogues.LANGUAGES.get(0));
    reminders.campaignsOrEmpty().stream().filter(k -> k.message() != null && !k.message().isBlank() && !catalogue.containsKey(k.message()))
        .forEach(k -> p.add("reminders.campaigns (" + k.id() + ").message: no message '" + k.message() + "' in messages/*.properties"));
    for (int i = 0; c.products() != null && i < c.products().size(); i++) {
      ProductConfig product = c.products().get(i);
      ProductConfig.ReminderPlan plan = product.reminders();
      if (plan == null) continue;
      String key = "products[" + i + "] (" + product.id() + ").reminders";
      if (plan.followUpDaysOrEmpty().stream().anyMatch(d -> d == null || d < 1 || d > 180)) p.add(key + ".followUpDays: days 1 to 180 after the season's start");
      if (plan.beforeSuspensionDays() < 0 || plan.beforeSuspensionDays() > 60) p.add(key + ".beforeSuspensionDays: 0 (none) to 60");
      if (plan.dueWithinDays() < 0 || plan.dueWithinDays() > 366) p.add(key + ".dueWithinDays: 0 to 366");
      if (plan.crop() == null) continue;
      if (reminders.harvestsOrEmpty().stream().noneMatch(h -> plan.crop().equals(h.crop()))) {
        p.add(key + ".crop: no calendar for '" + plan.crop() + "' under reminders.harvests");
        continue;
      }
      // Each section selling the product must have the crop's calendar for its region, or its members would never be reminded.
      for (MutualConfig mutual : c.mutuals() == null ? List.<MutualConfig>of() : c.mutuals()) {
        if (mutual.products() == null || !mutual.products().contains(product.id()) || mutual.sections() == null) continue;
        for (SectionConfig section : mutual.sections()) {
          if (!section.offeredProducts(mutual).contains(product.id())) continue;
          String region = section.regionIn(mutual);
          if (blank(region)) p.add("mutuals (" + mutual.id() + ").region: required, product " + product.id() + " follows the " + plan.crop()
              + " calendar of each region (or give section " + section.id() + " its region)");
          else if (reminders.harvest(plan.crop(), region).isEmpty()) p.add("reminders.harvests: no " + plan.crop() + " calendar for region '"
              + region + "' (section " + section.id() + " of " + mutual.id() + ", product " + product.id() + ")");
        }
      }
    }
  }

  private static void validateMutuals(List<MutualConfig> mutuals, Set<String> productIds, List<String> p) {
    if (mutuals == null || mutuals.isEmpty()) {
      p.add("mutuals: at least one mutual is required");
      return;
    }
    Set<String> ids = new HashSet<>();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < mutuals.size(); i++) {
      MutualConfig m = mutuals.get(i);
      String key = "mutuals[" + i + "]";
      if (blank(m.id()) || !m.id().matches("[a-z0-9-]+")) {
        p.add(key + ".id: required, lower-case letters, digits and '-'");
        continue;
      }
      key = key + " (" + m.id() + ")";
      if (!ids.add(m.id())) p.add(key + ".id: duplicate mutual id");
      if (blank(m.code()) || !m.code().matches("[A-Z]{2,6}")) p.add(key + ".code: 2 to 6 capital letters (it prefixes member and receipt numbers)");
      else if (!codes.add(m.code())) p.add(key + ".code: '" + m.code() + "' is used by another mutual");
      if (blank(m.name())) p.add(key + ".name: required");
      if (m.guaranteeFund() < 0 || m.guaranteeFund() > 100) p.add(key + ".guaranteeFundPercent: must be 0 to 100");
      if (m.collectorCommissionPercent() != null && (m.collectorCommissionPercent() < 0 || m.collectorCommissionPercent() > 50)) {
        p.add(key + ".collectorCommissionPercent: 0 to 50");
      }
      if (m.externalLedger() != null) m.externalLedger().validate(key + ".externalLedger", p);

      if (blank(m.currency()) || !m.currency().matches("[A-Z]{3}")) p.add(key + ".currency: an ISO 4217 code such as XOF");
      if (m.products() == null || m.products().isEmpty()) p.add(key + ".products: at least one product is required");
      else for (int j = 0; j < m.products().size(); j++) {
        if (!productIds.contains(m.products().get(j))) p.add(key + ".products[" + j + "]: unknown product '" + m.products().get(j) + "'");
      }
      if (m.sections() == null || m.sections().isEmpty()) {
        p.add(key + ".sections: at least one section is required");
        continue;
      }
      Set<String> sectionIds = new HashSet<>();
      for (int s = 0; s < m.sections().size(); s++) {
        SectionConfig section = m.sections().get(s);
        String sk = key + ".sections[" + s + "]";
        if (blank(section.id()) || !section.id().matches("[a-z0-9-]+")) p.add(sk + ".id: required, lower-case letters, digits and '-'");
        else if (!sectionIds.add(section.id())) p.add(sk + ".id: duplicate section '" + section.id() + "'");
        if (blank(section.name())) p.add(sk + ".name: required");
        if (section.products() != null) {
          for (int j = 0; j < section.products().size(); j++) {
            String product = section.products().get(j);
            if (m.products() == null || !m.products().contains(product)) {
              p.add(sk + ".products[" + j + "]: unknown product '" + product + "' (not among the mutual's products)");
            }
          }
        }
      }
    }
  }

  private static void url(List<String> p, String key, String value) {
    if (blank(value)) {
      p.add(key + ": required");
      return;
    }
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        p.add(key + ": must be an http(s) URL, got '" + value + "'");
      }
    } catch (IllegalArgumentException e) {
      p.add(key + ": not a URL: '" + value + "'");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
