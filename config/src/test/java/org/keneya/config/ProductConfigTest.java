package org.keneya.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductConfigTest {
  /** The rule as the test configuration states it, for each of its products. */
  private static final String RULE = "    newWaitingPeriodAfterSuspension: false\n";

  @ParameterizedTest(name = "{0}: {1} months a period")
  @CsvSource({"MONTHLY, 1", "QUARTERLY, 3", "YEARLY, 12", "HARVEST, 12"})
  void eachPeriodicityCoversItsMonths(ProductConfig.Periodicity periodicity, int months) {
    assertThat(periodicity.months()).isEqualTo(months);
  }

  @Test
  void aQuarterlyProductLoads() throws Exception {
    KeneyaConfig config = ConfigLoader.parse(TestConfiguration.text().replace("periodicity: MONTHLY", "periodicity: QUARTERLY"), "test.yml", Map.of());
    assertThat(config.product("urban-voluntary").orElseThrow().periodicity()).isEqualTo(ProductConfig.Periodicity.QUARTERLY);
  }

  @Test
  void rightsReopenAtOnceAfterSuspensionUnlessTheProductSaysOtherwise() throws Exception {
    String yaml = TestConfiguration.text();
    assertThat(yaml).contains(RULE);
    assertThat(ConfigLoader.parse(yaml, "test.yml", Map.of()).products())
        .allSatisfy(product -> assertThat(product.newWaitingPeriodAfterSuspension()).isFalse());
    KeneyaConfig absent = ConfigLoader.parse(yaml.replace(RULE, ""), "test.yml", Map.of());
    assertThat(absent.product("mopti-annual").orElseThrow().newWaitingPeriodAfterSuspension()).as("absent reads as false").isFalse();
    KeneyaConfig waitsAgain = ConfigLoader.parse(yaml.replace(RULE, "    newWaitingPeriodAfterSuspension: true\n"), "test.yml", Map.of());
    assertThat(waitsAgain.product("mopti-annual").orElseThrow().newWaitingPeriodAfterSuspension()).isTrue();
    KeneyaConfig overridden = ConfigLoader.parse(yaml, "test.yml", Map.of("KENEYA_PRODUCTS_1_NEW_WAITING_PERIOD_AFTER_SUSPENSION", "true"));
    assertThat(overridden.product("urban-voluntary").orElseThrow().newWaitingPeriodAfterSuspension()).isTrue();
    assertThat(overridden.product("mopti-annual").orElseThrow().newWaitingPeriodAfterSuspension()).isFalse();
  }

  @Test
  void aRuleThatIsNotTrueOrFalseIsRefused() throws Exception {
    String yaml = TestConfiguration.text().replace(RULE, "    newWaitingPeriodAfterSuspension: sometimes\n");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("newWaitingPeriodAfterSuspension");
  }
}
