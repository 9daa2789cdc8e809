package io.batchworks.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The package rules docs/architecture.md states, checked on the engine's compiled classes: those written, not those
 * Spring AOT generates at packaging ({@code Foo__BeanDefinitions}, proxies), which reach every package from the root.
 */
class PackageRulesTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("__") && !location.contains("$$SpringCGLIB$$"))
            .importPackages("io.batchworks.engine");

    @Test
    void enginePackagesFormNoLoop() {
        slices().matching("io.batchworks.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void rootPackageDependsOnNoEnginePackage() {
        noClasses().that().resideInAPackage("io.batchworks.engine")
                .should().dependOnClassesThat().resideInAPackage("io.batchworks.engine.(*)..")
                .check(ENGINE);
    }

    @Test
    void jobBuildingKnowsNothingOfTasksOrTheWeb() {
        noClasses().that().resideInAPackage("io.batchworks.engine.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.batchworks.engine.tasks..", "io.batchworks.engine.web..",
                        "io.batchworks.engine.security..", "io.batchworks.engine.plugins..", "org.springframework.web..")
                .check(ENGINE);
    }
}
