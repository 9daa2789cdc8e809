package io.batchworks.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this plugin-api itself. */
public final class PluginApi {

    /**
     * This plugin-api's version, set by the build (the {@code plugin-api.version} property): the engine offers it,
     * and a plugin's {@code Plugin-Requires} (e.g. {@code ^0.3.0}) must accept it.
     */
    public static final String VERSION = read();

    private PluginApi() {
    }

    private static String read() {
        try (InputStream in = PluginApi.class.getResourceAsStream("plugin-api.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
