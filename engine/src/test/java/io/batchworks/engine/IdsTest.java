package io.batchworks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreLowerCaseHexOfTheirLengthAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String request = Ids.requestId();
            assertThat(request).matches("[0-9a-f]{32}");
            assertThat(Ids.newId()).matches("[0-9a-f]{32}");
            assertThat(Ids.newSecret()).matches("[0-9a-f]{64}");
            assertThat(seen.add(request)).as("request ids do not repeat").isTrue();
        }
    }
}
