package org.keneya.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.keneya.config.SystemClock;

/**
 * HTTP stays at the edge of the gateway: routes call services, services know no request, and the
 * edge knows requests and peers but nothing of the domain. The clock is the one {@link Main} makes
 * and the wiring passes on.
 */
@AnalyzeClasses(packages = "org.keneya.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String WIRING = "org.keneya.gateway";

  /** The class a nested class or lambda belongs to, by name. */
  private static String topLevel(JavaClass c) {
    return c.getName().replaceAll("\\$.*", "");
  }

  /** What answers HTTP: routes and APIs, the USSD protocols, the edge, access control, the simulators and the wiring. */
  private static final DescribedPredicate<JavaClass> HTTP = DescribedPredicate.describe("HTTP routes, the edge or the wiring", c -> {
    String name = topLevel(c);
    return name.matches(".*(Api|Route|Routes|Endpoint|Protocol)") || c.getPackageName().equals(WIRING)
        || c.getPackageName().startsWith(WIRING + ".edge") || c.getPackageName().startsWith(WIRING + ".simulator")
        || name.equals(WIRING + ".accounts.Access");
  });

  /** Routes, APIs and protocols: entered from the network and from the wiring, never from below. */
  private static final DescribedPredicate<JavaClass> ROUTES = DescribedPredicate.describe("routes", c -> topLevel(c)
      .matches(".*(Api|Route|Routes|Endpoint|Protocol)"));

  @ArchTest
  static final ArchRule servicesKnowNoHttp = noClasses().that(DescribedPredicate.not(HTTP))
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
      .because("services, workers and jobs are called by routes and timers alike and tested without a server");

  @ArchTest
  static final ArchRule onlyHttpCallsRoutes = noClasses().that(DescribedPredicate.not(HTTP))
      .should().dependOnClassesThat(ROUTES)
      .because("routes call services, never the reverse");

  @ArchTest
  static final ArchRule theEdgeKnowsNoDomain = noClasses().that().resideInAPackage(WIRING + ".edge..")
      .should().dependOnClassesThat().resideInAnyPackage("org.keneya.flows..", "org.keneya.adapters..")
      .orShould().dependOnClassesThat(DescribedPredicate.describe("gateway packages other than the edge and the wiring's",
          c -> c.getPackageName().startsWith(WIRING + ".") && !c.getPackageName().startsWith(WIRING + ".edge")))
      .because("paths, peers and addresses are checked before any service runs, the same for every route");

  @ArchTest
  static final ArchRule simulatorsStandOutside = noClasses().that().resideInAPackage(WIRING + ".simulator..")
      .should().dependOnClassesThat(DescribedPredicate.describe("gateway packages other than the simulators' and the wiring's",
          c -> c.getPackageName().startsWith(WIRING + ".") && !c.getPackageName().startsWith(WIRING + ".simulator")))
      .orShould().dependOnClassesThat().resideInAnyPackage("org.keneya.adapters.pg..", "org.keneya.adapters.session..", "org.keneya.flows..")
      .because("a simulated wallet or SMS API speaks to the gateway over HTTP only, as the real ones do");

  /** {@link Main} makes the clock; the simulators stand for outside systems with clocks of their own. */
  @ArchTest
  static final ArchRule theGatewayReadsTheClockItIsGiven = noClasses().that().resideInAPackage(WIRING + "..")
      .and().doNotHaveFullyQualifiedName(Main.class.getName())
      .and().resideOutsideOfPackage(WIRING + ".simulator..")
      .should().callCodeUnitWhere(SystemClock.WALL_CLOCK)
      .because("what is due, expired or throttled follows the Clock the wiring passes, which a test can move");
}
