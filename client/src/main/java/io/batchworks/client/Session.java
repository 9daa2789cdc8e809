package io.batchworks.client;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Where {@code bw} talks to and as whom: the engine's URL, a token and its account, kept by {@code bw login} in a
 * file only its owner may read ({@code $BW_CONFIG}, else {@code $XDG_CONFIG_HOME/batchworks/bw.properties}, else
 * {@code $HOME/.config/batchworks/bw.properties}). {@code BW_URL}
 * and {@code BW_TOKEN} override the file.
 */
record Session(String url, String token, String accountId) {

    static Path file(Map<String, String> env) {
        String configured = env.get("BW_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String config = env.get("XDG_CONFIG_HOME");
        if (config == null || config.isBlank()) {
            String home = env.get("HOME");
            config = (home == null || home.isBlank() ? System.getProperty("user.home") : home) + "/.config";
        }
        return Path.of(config, "batchworks", "bw.properties");
    }

    /** The session in force; an error naming {@code bw login} when there is none. */
    static Session load(Map<String, String> env) throws IOException {
        Properties saved = new Properties();
        Path file = file(env);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                saved.load(in);
            }
        }
        String url = env.getOrDefault("BW_URL", saved.getProperty("url"));
        String token = env.getOrDefault("BW_TOKEN", saved.getProperty("token"));
        if (url == null || token == null) {
            throw new ClientError("not logged in: run bw login URL --token-file FILE (or set BW_URL and BW_TOKEN)");
        }
        return new Session(url, token, env.containsKey("BW_TOKEN") ? null : saved.getProperty("account_id"));
    }

    /** Writes the session to its file, readable by its owner only. */
    void save(Map<String, String> env) throws IOException {
        Path file = file(env);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.setProperty("url", url);
        p.setProperty("token", token);
        if (accountId != null) {
            p.setProperty("account_id", accountId);
        }
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "bw login");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
