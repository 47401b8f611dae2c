package io.retouch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package boundaries of DESIGN §2 and §5, as a test that fails when one is crossed (DESIGN §7). */
@AnalyzeClasses(packages = "io.retouch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    static {
        // Every rule here is about Retouch's own classes, which are all imported; resolving the libraries they
        // reference from the classpath only costs seconds.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    /** Only sub-packages are slices: the shared contract lives directly in io.retouch.provider and matches no slice. */
    @ArchTest
    static final ArchRule vendorAdaptersDoNotKnowEachOther = slices()
            .matching("io.retouch.provider.(*)..")
            .namingSlices("vendor adapter '$1'")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAPackage("io.retouch.provider.."), resideInAPackage("io.retouch.provider.http.."))
            .because("each vendor is one adapter behind the shared contract");

    @ArchTest
    static final ArchRule vendorsDependOnNothingElseOfRetouch = noClasses()
            .that().resideInAPackage("io.retouch.provider..")
            .should().dependOnClassesThat(resideInAPackage("io.retouch..").and(resideOutsideOfPackage("io.retouch.provider..")))
            .because("adapters speak the vendor contract only; tasks, storage and flow build on them, not the reverse");

    @ArchTest
    static final ArchRule theSimulatorStandsAlone = noClasses()
            .that().resideInAPackage("io.retouch.sim..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.retouch.task..", "io.retouch.job..", "io.retouch.flow..", "io.retouch.manifest..",
                    "io.retouch.run..", "io.retouch.cli..", "io.retouch.storage..", "io.retouch.audit..",
                    "io.retouch.infra..")
            .because("the simulator plays the vendor's side and must not see ours");

    @ArchTest
    static final ArchRule productionReachesTheSimulatorOnlyThroughItsInterface = noClasses()
            .that().resideOutsideOfPackage("io.retouch.sim..")
            .should().dependOnClassesThat(resideInAPackage("io.retouch.sim..")
                    .and(DescribedPredicate.not(equivalentTo(io.retouch.sim.VendorSimulator.class))))
            .because("the simulator is a development tool: flow, spec and cli start and check it through VendorSimulator only");

    @ArchTest
    static final ArchRule simulatedVendorsDoNotKnowEachOther = slices()
            .matching("io.retouch.sim.(*)..")
            .namingSlices("simulated vendor '$1'")
            .should().notDependOnEachOther()
            .because("each vendor's protocol is its own facts over the shared simulator");

    @ArchTest
    static final ArchRule tasksDoNotKnowWhoDrivesThem = noClasses()
            .that().resideInAPackage("io.retouch.task..")
            .should().dependOnClassesThat().resideInAnyPackage("io.retouch.flow..", "io.retouch.job..", "io.retouch.cli..");

    @ArchTest
    static final ArchRule accountLimitsKnowOnlyTheSpecAndTasks = noClasses()
            .that().resideInAPackage("io.retouch.limits..")
            .should().dependOnClassesThat(resideInAPackage("io.retouch..")
                    .and(resideOutsideOfPackage("io.retouch.limits.."))
                    .and(resideOutsideOfPackage("io.retouch.spec.."))
                    .and(resideOutsideOfPackage("io.retouch.task..")))
            .because("the shared limits of a vendor account are counts in PostgreSQL; the flow builds on them, not the reverse");

    @ArchTest
    static final ArchRule onlyTheApplicationUsesTheCli = noClasses()
            .that().resideOutsideOfPackage("io.retouch.cli..")
            .and().doNotHaveFullyQualifiedName(RetouchApplication.class.getName())
            .should().dependOnClassesThat().resideInAPackage("io.retouch.cli..")
            .because("the CLI is the outermost layer");

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices()
            .matching("io.retouch.(*)..")
            .should().beFreeOfCycles();
}
