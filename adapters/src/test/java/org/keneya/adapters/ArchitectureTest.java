package org.keneya.adapters;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.keneya.adapters.pg.Outbox;
import org.keneya.config.SystemClock;

/**
 * Each adapter speaks to one outside system and knows no other: a wallet client can be replaced, or
 * PostgreSQL tested, without the rest. (That they never reach into the gateway, Maven's module
 * order already ensures.)
 */
@AnalyzeClasses(packages = "org.keneya.adapters", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /**
   * {@code http} holds what every HTTP client shares (the endpoint, its errors, signatures). The one other thing
   * shared: the external ledger is sent a journal entry exactly as the outbox stores it, so its contract takes the
   * outbox's JSON from {@code pg.Outbox}, the one home of those keys. Two packages are there to be depended on:
   * {@code wallets} (each wallet declares its {@code WalletKind}) and {@code stores} (the persistence ports that
   * {@code pg} and {@code memory} each implement); they depend on no other adapter package.
   */
  @ArchTest
  static final ArchRule adaptersAreIndependentButForWhatTheyShare = slices().matching("org.keneya.adapters.(*)..")
      .should().notDependOnEachOther()
      .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage("org.keneya.adapters.http"))
      .ignoreDependency(resideOutsideOfPackage("org.keneya.adapters.wallets"), resideInAPackage("org.keneya.adapters.wallets"))
      .ignoreDependency(resideOutsideOfPackage("org.keneya.adapters.stores"), resideInAPackage("org.keneya.adapters.stores"))
      .ignoreDependency(resideInAPackage("org.keneya.adapters.ledger"), JavaClass.Predicates.equivalentTo(Outbox.class))
      .because("a wallet, the SMS transport, the sessions and PostgreSQL each change on their own");

  @ArchTest
  static final ArchRule onlyPgSpeaksSql = noClasses().that().resideInAPackage("org.keneya.adapters..")
      .and().resideOutsideOfPackage("org.keneya.adapters.pg..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..", "org.flywaydb..", "org.postgresql..",
          "java.sql..")
      .because("the schema and its queries have one home");

  @ArchTest
  static final ArchRule onlySessionsSpeakRedis = noClasses().that().resideInAPackage("org.keneya.adapters..")
      .and().resideOutsideOfPackage("org.keneya.adapters.session..")
      .should().dependOnClassesThat().resideInAPackage("io.vertx.redis..")
      .because("what lives in Redis (sessions, counts) has one home");

  /** The SMSC simulator stands for the operator's own machine, with its own clock. */
  private static final DescribedPredicate<JavaClass> SIMULATORS = DescribedPredicate.describe("simulators of outside systems",
      c -> c.getName().replaceAll("\\$.*", "").endsWith("Simulator"));

  @ArchTest
  static final ArchRule adaptersReadTheClockTheyAreGiven = noClasses().that().resideInAPackage("org.keneya.adapters..")
      .and(DescribedPredicate.not(SIMULATORS))
      .should().callCodeUnitWhere(SystemClock.WALL_CLOCK)
      .because("tokens, windows and signatures expire on the Clock the gateway passes, which a test can move");
}
