package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.batchworks.client.samples.SampleRatedeck;
import io.batchworks.engine.support.Fixtures;

import org.junit.jupiter.api.Test;

/** {@code dist/bw} as a user runs it: the launcher script, bw.jar with its class data sharing archive, the exit status. */
class DistClientTest {

    @Test
    void bwSampleWritesTheSampleAndAWrongArgumentExitsTwo() throws Exception {
        StringBuilder expected = new StringBuilder();
        SampleRatedeck.write(new SampleRatedeck.Options(20, 3, 5, null), expected);
        Run ok = bw("sample", "ratedeck", "20", "--seed", "3", "--bad-every", "5");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo(expected.toString());

        Run wrong = bw("sample", "ratedeck", "twenty");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.out()).isEmpty();
        assertThat(wrong.err()).contains("twenty");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run bw(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Fixtures.root().resolve("dist/bw").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bw did not end: " + command);
        }
        return new Run(p.exitValue(), out, err);
    }
}
