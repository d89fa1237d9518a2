package org.keneya.flows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.keneya.config.SystemClock;

/** The core stays pure: no I/O, no other module but the configuration, no clock of its own, so every rule runs in a test as in production. */
@AnalyzeClasses(packages = "org.keneya.flows", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** The JDK's packages without files, sockets, databases or threads of their own. */
  @ArchTest
  static final ArchRule flowsUseOnlyTheConfigurationAndThePureJdk = classes().that().resideInAPackage("org.keneya.flows..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("org.keneya.flows..", "org.keneya.config..", "java.lang", "java.lang.invoke",
          "java.util..", "java.time..", "java.text..", "java.math..", "java.security..", "javax.crypto..", "java.nio.charset..")
      .because("the core must be testable without I/O; adapters do the I/O, the gateway wires them");

  @ArchTest
  static final ArchRule flowsLoadNothing = noClasses().that().resideInAPackage("org.keneya.flows..")
      .should().dependOnClassesThat().haveSimpleName("ConfigLoader").orShould().dependOnClassesThat().haveSimpleName("MessageCatalogues")
      .because("the configuration and the texts are read by the gateway and handed to the core");

  @ArchTest
  static final ArchRule flowsReadNoClock = noClasses().that().resideInAPackage("org.keneya.flows..")
      .should().callCodeUnitWhere(SystemClock.WALL_CLOCK.or(SystemClock.STOPWATCH))
      .because("callers pass a Clock or the date, so that a rule can be tested at any hour and any day");
}
