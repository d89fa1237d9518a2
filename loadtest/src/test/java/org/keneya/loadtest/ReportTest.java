package org.keneya.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and the callers' answer checks; the benchmark itself is never run by `mvn test`. */
class ReportTest {
  @Test
  void percentilesAreReadInMillisecondsFromMicrosecondSamples() {
    Measurements measurements = new Measurements();
    for (int i = 1; i <= 100; i++) measurements.hop(Step.DIAL, i * 1000L);
    measurements.hop(Step.RIGHTS, 250_000);

    Measurements.Latency latency = measurements.latency();
    assertThat(latency.count()).isEqualTo(101);
    assertThat(latency.p50()).isBetween(50.0, 51.1);
    assertThat(latency.p99()).isBetween(99.0, 100.1);
    assertThat(latency.max()).isBetween(249.9, 250.2);
    assertThat(measurements.latencyByStep()).containsOnlyKeys(Step.DIAL, Step.RIGHTS);
    assertThat(measurements.latencyByStep().get(Step.RIGHTS).count()).isEqualTo(1);
  }

  @Test
  void aHopSlowerThanTheHistogramCanHoldCountsAtItsCeiling() {
    Measurements measurements = new Measurements();
    measurements.hop(Step.DIAL, Measurements.HIGHEST_TRACKABLE_MICROS * 10);
    assertThat(measurements.latency().max()).isGreaterThanOrEqualTo(Measurements.HIGHEST_TRACKABLE_MICROS / 1000.0 - 100);
  }

  @Test
  void onlyTheFirstErrorsAreKeptAsSamplesButAllAreCounted() {
    Measurements measurements = new Measurements();
    for (int i = 0; i < 12; i++) measurements.error("error " + i);
    assertThat(measurements.errors()).isEqualTo(12);
    assertThat(measurements.errorSamples()).hasSize(Measurements.ERROR_SAMPLES).startsWith("error 0");
  }

  @Test
  void theTargetNeedsBothThroughputAndTailLatency() {
    Measurements.Latency fast = new Measurements.Latency(1000, 2, 8, 20, 70);
    Measurements.Latency slowTail = new Measurements.Latency(1000, 2, 8, 50, 70);
    assertThat(Target.ISSUE.metBy(2000, fast)).isTrue();
    assertThat(Target.ISSUE.verdict(2000, fast)).startsWith("TARGET MET");
    assertThat(Target.ISSUE.verdict(1999.4, fast)).startsWith("TARGET MISSED (throughput too low)");
    assertThat(Target.ISSUE.verdict(2500, slowTail)).startsWith("TARGET MISSED (p99 too high)");
    assertThat(Target.ISSUE.verdict(100, slowTail)).contains("throughput too low and p99 too high");
    assertThat(Target.ISSUE.metBy(5000, new Measurements.Latency(0, 0, 0, 0, 0))).isFalse();
  }

  @Test
  void theReportPrintsRateAndPercentiles() {
    Measurements measurements = new Measurements();
    for (int i = 0; i < 3000; i++) measurements.hop(Step.MAIN_MENU, 4000);
    measurements.paymentRequested();
    measurements.paymentSessionDone();
    measurements.rightsSessionDone();

    String report = String.join("\n", Report.results(measurements, 1.5, 16));
    assertThat(report).contains("3000 in 1.5 s = 2000.0 hops/s (16 concurrent callers)")
        .contains("p50 4.00 ms").contains("1 rights checks, 1 payments").contains(Step.MAIN_MENU.label);
  }

  @Test
  void answersAreCheckedForTheirPrefixAndContent() {
    assertThat(UssdCallers.problem(200, "CON Keneya MOP\nFoyer MOP-000001", true, t -> t.contains("Foyer"), "main menu")).isNull();
    assertThat(UssdCallers.problem(200, "END Droits ouverts", null, t -> t.contains("Droits"), "rights")).isNull();
    assertThat(UssdCallers.problem(200, "END Service indisponible", true, t -> true, "x")).startsWith("expected CON");
    assertThat(UssdCallers.problem(200, "CON Total: 6 190", false, t -> true, "x")).startsWith("expected END");
    assertThat(UssdCallers.problem(200, "Hello", null, t -> true, "x")).startsWith("neither CON nor END");
    assertThat(UssdCallers.problem(500, "oops", null, t -> true, "x")).startsWith("HTTP 500");
    assertThat(UssdCallers.problem(200, "CON Choix invalide", true, t -> t.contains("Total"), "the confirmation"))
        .isEqualTo("expected the confirmation, got 'CON Choix invalide'");
  }

  @Test
  void paymentScreensAreAnsweredForTheWholeHouseholdAndTheFirstWallet() {
    assertThat(UssdCallers.paymentChoice("Payer pour:\n1. Tout le foyer (3 pers.)\n2. Choisir les personnes\n00 Retour"))
        .isEqualTo(new UssdCallers.PaymentChoice(Step.PAY_WHOLE_HOUSEHOLD, "1"));
    assertThat(UssdCallers.paymentChoice("Cotisation: 3 pers. x 1 730 FCFA\nTotal: 6 190 FCFA\nCouvre 1 an\n1. Payer\n2. Annuler"))
        .isEqualTo(new UssdCallers.PaymentChoice(Step.PAY_CONFIRM, "1"));
    assertThat(UssdCallers.paymentChoice("Payer avec:\n1. MoMo\n2. Orange Money")).extracting(UssdCallers.PaymentChoice::step)
        .isEqualTo(Step.PAY_WALLET);
    assertThat(UssdCallers.paymentChoice("Combien de mois? (1 à 12)")).extracting(UssdCallers.PaymentChoice::input).isEqualTo("12");
    assertThat(UssdCallers.paymentChoice("Choix invalide.")).isNull();
  }

  @Test
  void eachHouseholdPaysOnceAndIsNeverInTwoSessions() {
    HouseholdRegister households = new HouseholdRegister(3, 70_000_000, 7);
    Set<Integer> payers = new HashSet<>();
    int first = households.takeUnpaid();
    payers.add(first);
    int idle = households.takeIdle(new Random(1));
    assertThat(idle).isNotEqualTo(first).isNotNegative();
    households.release(idle);
    for (int i = 0; i < 2; i++) payers.add(households.takeUnpaid());
    assertThat(payers).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(households.takeUnpaid()).isEqualTo(-1);
    assertThat(households.takeIdle(new Random(1))).isEqualTo(-1);
    households.release(1);
    assertThat(households.takeIdle(new Random(1))).isEqualTo(1);
  }

  @Test
  void theRegisterIsTheCsvTheAdminApiImports() {
    HouseholdRegister households = new HouseholdRegister(2, 70_000_000, 7);
    String[] lines = households.csv(0, 2).split("\n");
    assertThat(lines).hasSize(1 + 2 * HouseholdRegister.PERSONS);
    assertThat(lines[0]).isEqualTo("household,mutual,section,product,guarantee_level,role,name,birth_year,msisdn,language");
    assertThat(lines[1]).startsWith("LT-0,mopti-cercle,mopti,mopti-annual,,head,").endsWith(",+22370000000,fr");
    assertThat(lines[2]).startsWith("LT-0,mopti-cercle,mopti,mopti-annual,,member,");
    assertThat(households.lastNumber()).isEqualTo("+22370000001");
  }

  @Test
  void redisCommandCountIsReadFromInfo() {
    assertThat(ResourceUsage.parseTotalCommands("# Stats\r\ntotal_connections_received:4\r\ntotal_commands_processed:1234\r\n"))
        .isEqualTo(1234);
    assertThat(ResourceUsage.parseTotalCommands("# Stats\r\n")).isEqualTo(-1);
  }
}
