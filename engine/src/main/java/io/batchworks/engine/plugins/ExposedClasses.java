package io.batchworks.engine.plugins;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;

/**
 * What every plugin sees of the engine, beneath the shared API JARs ({@link SharedApis}): the JDK, plugin-api and the
 * libraries plugin-api exposes in its signatures (Spring JDBC and web, Jackson, the servlet API, SLF4J), and nothing
 * else of the engine. A plugin that reaches for an engine class, a JDBC driver or Spring Batch gets a
 * {@link ClassNotFoundException} naming the rule, so it cannot come to depend on what the engine may change at any
 * release.
 *
 * <p>Exposed classes come from the engine's own loader, parent first: a plugin bundling its own Spring or Jackson
 * still shares the engine's copies of these types, which the engine and plugin exchange.
 */
final class ExposedClasses extends ClassLoader {

    /** Package prefixes a plugin sees; keep in step with plugin-api's compile dependencies and docs/plugins.md. */
    private static final List<String> EXPOSED = List.of(
            "io.batchworks.plugin.",
            // spring-jdbc, spring-webmvc and what their public types use
            "org.springframework.core.", "org.springframework.util.", "org.springframework.lang.",
            "org.springframework.beans.", "org.springframework.context.", "org.springframework.aop.",
            "org.springframework.expression.", "org.springframework.jdbc.", "org.springframework.dao.",
            "org.springframework.transaction.", "org.springframework.web.", "org.springframework.http.",
            "org.springframework.validation.", "org.springframework.format.", "org.springframework.ui.",
            "org.apache.commons.logging.", "org.jspecify.", "org.aopalliance.", "io.micrometer.observation.",
            "io.micrometer.common.",
            "tools.jackson.", "com.fasterxml.jackson.annotation.",
            "jakarta.servlet.",
            "org.slf4j.");

    static final String RULE = "a plugin sees only the JDK, plugin-api, the libraries plugin-api exposes and the shared API JARs";
    static final ExposedClasses INSTANCE = new ExposedClasses(ExposedClasses.class.getClassLoader());

    private final ClassLoader engine;

    private ExposedClasses(ClassLoader engine) {
        super("batchworks-plugin-api", ClassLoader.getPlatformClassLoader());
        this.engine = engine;
    }

    static boolean exposed(String className) {
        return EXPOSED.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notJdk) {
            if (exposed(name)) {
                return engine.loadClass(name);
            }
            throw new ClassNotFoundException(name + " (" + RULE + ")");
        }
    }

    @Override
    public URL getResource(String name) {
        URL jdk = getParent().getResource(name);
        return jdk != null || !exposedPath(name) ? jdk : engine.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return exposedPath(name) ? engine.getResources(name) : getParent().getResources(name);
    }

    private static boolean exposedPath(String resource) {
        return exposed(resource.replace('/', '.'));
    }
}
