package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.batchworks.engine.EngineSettings;
import io.batchworks.plugin.ApiException;

import org.junit.jupiter.api.Test;

/** Which URLs {@code input_url} may name: the allow-list, exact names for private addresses, http(s) only. */
class InputFetchTest {

    @Test
    void anEmptyListAllowsNothingAndNamesTheSetting() {
        assertThatThrownBy(() -> fetch().check("https://carrier.example.com/deck.csv")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.data().toString()).contains("input_url", "batchworks.inputs.allowed-hosts");
        });
    }

    @Test
    void aPrivateAddressNeedsItsExactNameNotAWildcard() {
        assertThatThrownBy(() -> fetch("*.0.0.1").check("http://127.0.0.1:8080/deck.csv"))
                .isInstanceOf(ApiException.class).hasMessageContaining("only its exact name");
        assertThat(fetch("127.0.0.1").check("http://127.0.0.1:8080/deck.csv").getHost()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> fetch("127.0.0.1").check("http://localhost:8080/deck.csv"))
                .isInstanceOf(ApiException.class).hasMessageContaining("is not in batchworks.inputs.allowed-hosts");
    }

    @Test
    void onlyHttpAndHttpsWithAHost() {
        for (String url : List.of("ftp://127.0.0.1/deck.csv", "file:///etc/passwd", "http:///deck.csv", "not a url")) {
            assertThatThrownBy(() -> fetch("127.0.0.1").check(url)).as(url).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.data()).containsKey("input_url"));
        }
    }

    @Test
    void aFileIsNamedAfterTheUrlsLastPathPart() {
        assertThat(InputFetch.fileName("https://carrier.example.com/decks/daily.csv.gz?day=1")).isEqualTo("daily.csv.gz");
        assertThat(InputFetch.fileName("https://carrier.example.com/")).isNull();
    }

    private static InputFetch fetch(String... allowed) {
        return new InputFetch(new EngineSettings.Inputs(0, List.of(allowed), null, null));
    }
}
