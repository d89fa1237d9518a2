package org.keneya.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The configuration is the bottom of the modules: every other one reads it, it reads none of them. */
@AnalyzeClasses(packages = "org.keneya.config", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule configUsesOnlyTheJdkAndJackson = classes().that().resideInAPackage("org.keneya.config..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("org.keneya.config..", "java..", "com.fasterxml.jackson..")
      .because("the core and the tests load it alone; the modules above it depend on it, never the reverse");

  @ArchTest
  static final ArchRule configReadsNoClock = noClasses().that().resideInAPackage("org.keneya.config..")
      .should().callCodeUnitWhere(SystemClock.WALL_CLOCK.or(SystemClock.STOPWATCH))
      .because("whether a configuration is valid cannot depend on when it is read");
}
