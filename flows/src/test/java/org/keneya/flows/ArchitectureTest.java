package org.keneya.flows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core stays pure: no Vert.x, SQL, network or Redis types, so every rule runs without I/O. */
@AnalyzeClasses(packages = "org.keneya.flows", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule flowsDoNoIo = noClasses().that().resideInAPackage("org.keneya.flows..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.sql..", "java.net..", "io.netty..", "org.postgresql..")
      .because("the core must be testable without I/O; adapters do the I/O");

  @ArchTest
  static final ArchRule flowsKnowNoAdapters = noClasses().that().resideInAPackage("org.keneya.flows..")
      .should().dependOnClassesThat().resideInAnyPackage("org.keneya.adapters..", "org.keneya.gateway..");
}
