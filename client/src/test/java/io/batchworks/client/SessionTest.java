package io.batchworks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code bw} keeps its login: the environment's choice first, the owner alone may read it. */
class SessionTest {

    @TempDir
    Path dir;

    @Test
    void theFileFollowsBwConfigThenXdgConfigHomeThenHome() {
        assertThat(Session.file(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.config/batchworks/bw.properties"));
        assertThat(Session.file(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/x")))
                .isEqualTo(Path.of("/x/batchworks/bw.properties"));
        assertThat(Session.file(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/x", "BW_CONFIG", "/c/bw")))
                .isEqualTo(Path.of("/c/bw"));
        assertThat(Session.file(Map.of("HOME", "", "XDG_CONFIG_HOME", " ")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config/batchworks/bw.properties"));
    }

    @Test
    void aSavedSessionIsLoadedAgainAndTheEnvironmentOverridesIt() throws IOException {
        Map<String, String> env = Map.of("HOME", dir.toString());
        new Session("http://engine:8000", "secret", "acc").save(env);
        Path file = dir.resolve(".config/batchworks/bw.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Session.load(env)).isEqualTo(new Session("http://engine:8000", "secret", "acc"));
        assertThat(Session.load(Map.of("HOME", dir.toString(), "BW_TOKEN", "other")))
                .as("another token is another account's").isEqualTo(new Session("http://engine:8000", "other", null));
    }

    @Test
    void withNoSessionTheErrorSaysHowToLogIn() {
        assertThatThrownBy(() -> Session.load(Map.of("HOME", dir.toString()))).isInstanceOf(ClientError.class)
                .hasMessageContaining("bw login");
    }
}
