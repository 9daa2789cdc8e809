package io.batchworks.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import org.junit.jupiter.api.Test;

/**
 * plugin-api stays small where a plugin author starts reading: its root package holds only what every plugin needs
 * (task types and their shapes, the context, permissions, errors, services), at most twenty public types; what some
 * plugins need lives in sub-packages, and what one plugin offers the others in that plugin's shared API JAR.
 */
class PluginApiSurfaceTest {

    private static final String ROOT = "io.batchworks.plugin";
    private static final JavaClasses API = new ClassFileImporter().importPackages(ROOT);

    @Test
    void theRootPackageHoldsAtMostTwentyPublicTypes() {
        List<String> root = API.stream()
                .filter(c -> c.getPackageName().equals(ROOT) && c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName).sorted().toList();
        assertThat(root).as("public types of " + ROOT).isNotEmpty().hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void itsPackagesAreTheRootAndWhatSomePluginsNeed() {
        assertThat(API.stream().map(JavaClass::getPackageName).distinct().sorted().toList())
                .containsExactly(ROOT, ROOT + ".accounts", ROOT + ".data", ROOT + ".jobs", ROOT + ".tasks", ROOT + ".web");
    }
}
