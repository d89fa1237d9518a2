package org.keneya.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keneya.config.ProductConfig.ContributionRule;

class ConfigLoaderTest {

  /** The tests' own configuration, which the tests below change a part of; only the first test reads the demo. */
  private static String text() {
    return TestConfiguration.text();
  }

  /** The demo itself: it loads as shipped, and holds the figures of the mutuals' own documents. */
  @Test
  void shippedDemoConfigurationModelsTheSourceDocuments() {
    KeneyaConfig config = ConfigLoader.load(null, Map.of());
    ProductConfig mopti = config.product("mopti-annual").orElseThrow();
    assertThat(((ContributionRule.PerPerson) mopti.contribution()).amount()).isEqualTo(8650);
    assertThat(mopti.cofinancing().memberPercent()).isEqualTo(20);
    assertThat(mopti.cofinancing().funders()).extracting(ProductConfig.Funder::percent).containsExactly(50, 30);
    assertThat(mopti.adhesion()).isEqualTo(new ProductConfig.Adhesion(1000, 15));
    var urban = (ContributionRule.PerPersonByLevel) config.product("urban-voluntary").orElseThrow().contribution();
    assertThat(urban.levels()).extracting(ProductConfig.GuaranteeLevel::amount).containsExactly(440L, 270L, 210L);
    var cotton = config.product("cotton-harvest").orElseThrow();
    assertThat(((ContributionRule.PerQuantity) cotton.contribution()).amountPerUnit()).isEqualTo(2);
    assertThat(cotton.adhesion().fee()).isZero();
    assertThat(config.mutual("mopti-cercle").orElseThrow().sections()).hasSize(15);
    assertThat(config.pg().embedded()).isTrue();
    assertThat(config.redis().configured()).isFalse();
  }

  @Test
  void environmentOverridesAnyKeyByItsDottedPath() {
    KeneyaConfig config = TestConfiguration.load(Map.of(
        "KENEYA_HTTP_PORT", "9191",
        "KENEYA_PG_URL", "postgresql://keneya@db.example:5432/keneya",
        "KENEYA_SMS_API_KEY", "secret-from-env",
        "KENEYA_PRODUCTS_0_NAME", "Renamed"));
    assertThat(config.http().port()).isEqualTo(9191);
    assertThat(config.pg().url()).isEqualTo("postgresql://keneya@db.example:5432/keneya");
    assertThat(config.pg().embedded()).isFalse();
    assertThat(config.sms().apiKey()).isEqualTo("secret-from-env");
    assertThat(config.products().get(0).name()).isEqualTo("Renamed");
  }

  @Test
  void aSeparateMigrationRoleNeedsAnExternalDatabase() {
    KeneyaConfig config = TestConfiguration.load(Map.of(
        "KENEYA_PG_URL", "postgresql://keneya_app@db.example:5432/keneya",
        "KENEYA_PG_MIGRATION_URL", "postgresql://keneya_owner@db.example:5432/keneya"));
    assertThat(config.pg().separateMigrationRole()).isTrue();
    assertThat(config.pg().migrationUrl()).isEqualTo("postgresql://keneya_owner@db.example:5432/keneya");
    assertThat(TestConfiguration.load(Map.of()).pg().separateMigrationRole()).isFalse();
    assertThatThrownBy(() -> TestConfiguration.load(Map.of("KENEYA_PG_MIGRATION_URL", "postgresql://keneya_owner@db.example:5432/keneya")))
        .hasMessageContaining("pg.migrationUrl: needs pg.url");
    assertThatThrownBy(() -> TestConfiguration.load(Map.of("KENEYA_PG_URL", "postgresql://keneya_app@db.example:5432/keneya",
        "KENEYA_PG_MIGRATION_URL", "keneya_owner@db.example")))
        .hasMessageContaining("pg.migrationUrl: must look like postgresql://");
  }

  @Test
  void envNamesAreUpperSnakeCaseOfTheDottedPath() {
    assertThat(ConfigLoader.envName(java.util.List.of("wallets", "0", "callbackBaseUrl"))).isEqualTo("KENEYA_WALLETS_0_CALLBACK_BASE_URL");
    assertThat(ConfigLoader.envName(java.util.List.of("mutuals", "1", "sections", "0", "contact")))
        .isEqualTo("KENEYA_MUTUALS_1_SECTIONS_0_CONTACT");
  }

  @Test
  void coFinancingThatDoesNotSumToHundredIsRefusedWithItsKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, text().replace("percent: 30", "percent: 20"));
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("products[0] (mopti-annual).cofinancing: shares sum to 90%, must be 100%");
  }

  @Test
  void unknownProductInASectionIsRefused() throws Exception {
    String yaml = text().replace("{ id: konna, name: \"Konna\", contact: \"Section Konna 21 43 00 02\" }",
        "{ id: konna, name: \"Konna\", contact: \"x\", products: [rice-harvest] }");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yml", Map.of()))
        .hasMessageContaining("mutuals[0] (mopti-cercle).sections[1].products[0]: unknown product 'rice-harvest'");
  }

  @Test
  void misspelledKeyAndWrongTypeNameTheirKey() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("poolSize: 8", "poolSise: 8"), "t.yml", Map.of()))
        .hasMessageContaining("pg.poolSise: unknown key");
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_HTTP_PORT", "eighty")))
        .hasMessageContaining("http.port: wrong kind of value");
  }

  @Test
  void brokenYamlIsReportedWithItsLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("http:\n  port: [8080\n", "t.yml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML at line");
  }

  @Test
  void missingSecretsAreRefused() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_SMS_API_KEY", "")))
        .hasMessageContaining("sms.apiKey: required");
  }

  @Test
  void theOneAdminTokenIsGoneAndSaysWhatReplacesIt() throws Exception {
    // Accounts with their own API keys replaced it; a configuration still naming it is refused, not silently half-used.
    assertThatThrownBy(() -> ConfigLoader.parse(text() + "\nadmin:\n  token: \"demo-admin-token-change-me\"\n", "t.yml", Map.of()))
        .hasMessageContaining("admin")
        .hasMessageContaining("accounts create-admin");
  }

  @Test
  void thePublicPortHasOneEventLoopPerProcessorUnlessTold() {
    assertThat(TestConfiguration.load(Map.of()).http().instancesOrDefault()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TestConfiguration.load(Map.of("KENEYA_HTTP_INSTANCES", "3")).http().instancesOrDefault()).isEqualTo(3);
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_HTTP_INSTANCES", "-1")))
        .hasMessageContaining("http.instances: -1 is not 0 (one per processor) to 64");
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_HTTP_INSTANCES", "65")))
        .hasMessageContaining("http.instances: 65 is not 0 (one per processor) to 64");
  }

  @Test
  void walletsAreRoutedByNumberPrefix_andTheirSecretsComeFromTheEnvironment() {
    KeneyaConfig config = TestConfiguration.load(Map.of("KENEYA_WALLETS_0_ORANGE_MONEY_CLIENT_SECRET", "from-env",
        "KENEYA_WALLETS_2_WAVE_WEBHOOK_SECRET", "wave-from-env"));
    assertThat(config.wallets()).extracting(WalletConfig::id).containsExactly("orange", "moov", "wave");
    assertThat(config.wallet("orange").orElseThrow().settings()).containsEntry("clientSecret", "from-env");
    assertThat(config.wallet("wave").orElseThrow().settings()).containsEntry("webhookSecret", "wave-from-env");
    assertThat(config.wallet("orange").orElseThrow().serves("+22376123456")).isTrue();
    assertThat(config.wallet("orange").orElseThrow().serves("+22365123456")).isFalse();
    assertThat(config.wallet("moov").orElseThrow().serves("+22365123456")).isTrue();
    assertThat(config.wallet("wave").orElseThrow().serves("+22165123456")).as("no prefixes: any number").isTrue();
  }

  @Test
  void aWalletWithoutItsSettingsOrWithABadPrefixIsRefusedByKey() {
    // Which settings each API requires, its adapter says: WalletKindsTest in adapters.
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("prefixes: [\"+2237\", \"+2238\"]", "prefixes: [\"2237\"]"), "t.yml", Map.of()))
        .hasMessageContaining("wallets[0] (orange).prefixes: '2237' is not a number prefix like +2237");
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("id: moov", "id: orange"), "t.yml", Map.of()))
        .hasMessageContaining("wallets[1] (orange).id: used by two wallets");
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("api: CINETPAY", "api: MOMO"), "t.yml", Map.of()))
        .hasMessageContaining("wallets[1] (moov).momo: required");
  }

  @Test
  void smsCountriesDefaultToTheDeploymentsOwn_andABadCountryCodeOrANegativeBudgetIsRefused() {
    KeneyaConfig config = TestConfiguration.load(Map.of());
    assertThat(config.smsCountryCodes()).containsExactly("223");
    assertThat(config.sms().maxPerHour()).isEqualTo(20000);
    KeneyaConfig absent = ConfigLoader.parse(text().replace("  allowedCountryCodes: [\"223\"]\n", ""), "t.yml",
        Map.of("KENEYA_DEFAULT_COUNTRY_CODE", "221"));
    assertThat(absent.smsCountryCodes()).as("none listed: the default country alone").containsExactly("221");
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("allowedCountryCodes: [\"223\"]", "allowedCountryCodes: [\"+223\", \"0\"]"),
        "t.yml", Map.of("KENEYA_SMS_MAX_PER_HOUR", "-1")))
        .hasMessageContaining("sms.allowedCountryCodes: '+223' is not a country calling code")
        .hasMessageContaining("sms.allowedCountryCodes: '0' is not a country calling code")
        .hasMessageContaining("sms.maxPerHour: cannot be negative");
  }

  @Test
  void remindersFollowEachRegionsHarvest_andBadPlansAreRefusedByKey() {
    KeneyaConfig config = TestConfiguration.load(Map.of());
    RemindersConfig reminders = config.remindersOrDefaults();
    assertThat(reminders.harvest("cotton", "sikasso")).get().extracting(RemindersConfig.Harvest::fromMonth).isEqualTo(11);
    assertThat(config.mutual("nongon-cotton").orElseThrow().sections().get(0).regionIn(config.mutual("nongon-cotton").orElseThrow()))
        .isEqualTo("sikasso");
    java.time.ZoneId bamako = java.time.ZoneId.of("Africa/Bamako");
    assertThat(reminders.quiet(java.time.ZonedDateTime.of(2026, 11, 23, 20, 59, 0, 0, bamako))).isFalse();
    assertThat(reminders.quiet(java.time.ZonedDateTime.of(2026, 11, 23, 21, 0, 0, 0, bamako))).isTrue();
    assertThat(reminders.quiet(java.time.ZonedDateTime.of(2026, 11, 24, 6, 59, 0, 0, bamako))).isTrue();
    assertThat(reminders.quietEnds(java.time.ZonedDateTime.of(2026, 11, 23, 22, 0, 0, 0, bamako)))
        .isEqualTo(java.time.ZonedDateTime.of(2026, 11, 24, 7, 0, 0, 0, bamako));
    assertThat(reminders.quietEnds(java.time.ZonedDateTime.of(2026, 11, 24, 3, 0, 0, 0, bamako)))
        .isEqualTo(java.time.ZonedDateTime.of(2026, 11, 24, 7, 0, 0, 0, bamako));

    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("      crop: rice\n", "      crop: millet\n"), "t.yml", Map.of()))
        .hasMessageContaining("products[0] (mopti-annual).reminders.crop: no calendar for 'millet' under reminders.harvests");
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("regions: [mopti, segou]", "regions: [segou]"), "t.yml", Map.of()))
        .hasMessageContaining("reminders.harvests: no rice calendar for region 'mopti' (section mopti of mopti-cercle, product mopti-annual)");
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_REMINDERS_RUN_HOUR", "22")))
        .hasMessageContaining("reminders.runHour: 22:00 falls in the quiet hours 21:00-07:00");
    assertThatThrownBy(() -> ConfigLoader.parse(text(), "t.yml", Map.of("KENEYA_REMINDERS_QUIET_FROM", "9pm",
        "KENEYA_REMINDERS_TIME_ZONE", "Mali/Mopti")))
        .hasMessageContaining("reminders.quietFrom: a time such as 21:00")
        .hasMessageContaining("reminders.timeZone: a time zone such as Africa/Bamako");
    assertThatThrownBy(() -> ConfigLoader.parse(text().replace("message: reminder.solidarity", "message: reminder.solidarite"), "t.yml",
        Map.of())).hasMessageContaining("reminders.campaigns (solidarity-month).message: no message 'reminder.solidarite'");
  }

  @Test
  void everyAccountTheGatewayPostsToMustBeInTheChart_aMutualMayOverrideIt() throws Exception {
    KeneyaConfig config = ConfigLoader.parse(text(), "t.yml", Map.of());
    MutualConfig mopti = config.mutual("mopti-cercle").orElseThrow();
    assertThat(config.accountsPostedBy(mopti)).contains("wallet-clearing:orange", "subsidy-receivable:state", "contribution-income:mopti-annual",
        "guarantee-fund", "bank");
    assertThat(config.chartOf(mopti).get("subsidy-receivable:state")).isEqualTo(new AccountConfig("4491", "État, subvention à recevoir"));
    assertThatThrownBy(() -> ConfigLoader.parse(text().replaceAll("(?m)^  \"wallet-clearing:wave\".*$", ""), "t.yml", Map.of()))
        .hasMessageContaining("mutuals[0] (mopti-cercle).chartOfAccounts: no code and name for 'wallet-clearing:wave'");
    String overridden = text().replace("    guaranteeFundPercent: 3",
        "    guaranteeFundPercent: 3\n    chartOfAccounts:\n      \"bank\": { code: \"5212\", name: \"BNDA Mopti\" }");
    KeneyaConfig own = ConfigLoader.parse(overridden, "t.yml", Map.of());
    assertThat(own.chartOf(own.mutual("mopti-cercle").orElseThrow()).get("bank")).isEqualTo(new AccountConfig("5212", "BNDA Mopti"));
    assertThat(own.chartOf(own.mutual("utm-bamako").orElseThrow()).get("bank")).isEqualTo(new AccountConfig("5211", "Banque"));
  }

  @Test
  void catalogueCoversEveryLanguageWithTheSameKeys() {
    var catalogues = MessageCatalogues.loadShipped();
    assertThat(catalogues).containsOnlyKeys("fr", "bm");
    assertThat(catalogues.get("bm").keySet()).containsAll(catalogues.get("fr").keySet());
  }
}
