package io.batchworks.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.batchworks.engine.support.Fixtures;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The package rules docs/architecture.md states, checked on the engine's compiled classes: those written, not those
 * Spring AOT generates at packaging ({@code Foo__BeanDefinitions}, proxies), which reach every package from the root.
 * The table of packages in that document is read here, so the document and the code cannot drift apart.
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

    /** The engine leaves Spring's annotation-driven transactions out (see BatchworksApplication): one would do nothing. */
    @Test
    void noClassReliesOnTheTransactionalAnnotation() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.transaction.annotation.Transactional")
                .because("transactions are programmatic (TransactionTemplate): the annotation's proxying is not configured")
                .check(ENGINE);
    }

    @Test
    void jobBuildingKnowsNothingOfTasksOrTheWeb() {
        noClasses().that().resideInAPackage("io.batchworks.engine.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.batchworks.engine.tasks..", "io.batchworks.engine.web..",
                        "io.batchworks.engine.security..", "io.batchworks.engine.plugins..", "org.springframework.web..")
                .check(ENGINE);
    }

    @Test
    void eachPackageUsesOnlyThePackagesItsRowInTheArchitectureListsAndEveryPackageHasARow() throws IOException {
        Map<String, Set<String>> mayUse = documentedUses();
        Set<String> actual = new TreeSet<>();
        for (JavaClass c : ENGINE) {
            String name = c.getPackageName();
            if (name.startsWith("io.batchworks.engine.")) {
                actual.add(name.substring("io.batchworks.engine.".length()).split("\\.")[0]);
            }
        }
        assertThat(mayUse.keySet()).as("the packages docs/architecture.md lists").isEqualTo(actual);
        mayUse.forEach((pkg, uses) -> {
            String[] others = actual.stream().filter(p -> !p.equals(pkg) && !uses.contains(p))
                    .map(p -> "io.batchworks.engine." + p + "..").toArray(String[]::new);
            if (others.length > 0) {
                noClasses().that().resideInAPackage("io.batchworks.engine." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(others)
                        .because("docs/architecture.md lets " + pkg + " use " + uses + " only")
                        .check(ENGINE);
            }
        });
    }

    /** Each package row of docs/architecture.md's table: the package and the packages its last column names. */
    private static Map<String, Set<String>> documentedUses() throws IOException {
        String doc = Files.readString(Fixtures.root().resolve("docs/architecture.md"));
        String table = doc.substring(doc.indexOf("## The engine's packages"), doc.indexOf("## The life of a request"));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z]+)` \\|.*\\| ([^|]*) \\|$").matcher(table);
        Map<String, Set<String>> uses = new LinkedHashMap<>();
        while (row.find()) {
            String column = row.group(2).trim();
            List<String> names = column.equals("—") ? List.of() : Arrays.stream(column.split(",")).map(String::trim).toList();
            uses.put(row.group(1), new TreeSet<>(names));
        }
        return uses;
    }

    /** Names of the JDK's and Spring's that the document speaks of; every other capitalised name must be ours. */
    private static final Set<String> NOT_OURS = Set.of("HttpURLConnection", "MessageChannelPartitionHandler", "RouterFunction",
            "ServiceLoader");

    @Test
    void everyClassTheArchitectureNamesExists() throws IOException {
        Set<String> ours = new TreeSet<>();
        try (var files = Files.walk(Fixtures.root())) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".java"))
                    .forEach(f -> ours.add(f.substring(0, f.length() - ".java".length())));
        }
        String doc = Files.readString(Fixtures.root().resolve("docs/architecture.md"));
        Matcher named = Pattern.compile("`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)[.(`]").matcher(doc);
        Set<String> missing = new TreeSet<>();
        while (named.find()) {
            if (!ours.contains(named.group(1)) && !NOT_OURS.contains(named.group(1))) {
                missing.add(named.group(1));
            }
        }
        assertThat(missing).as("classes docs/architecture.md names that the repository does not hold").isEmpty();
    }
}
