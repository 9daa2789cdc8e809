package io.batchworks.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import io.batchworks.client.samples.SampleRatedeck;

import org.junit.jupiter.api.Test;

/** {@code bw} run in this JVM: its commands, its output and its exit status. */
class BwTest {

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void sampleWritesTheGeneratorsBytesWithOptionsBeforeOrAfterTheKind() throws IOException {
        StringBuilder expected = new StringBuilder();
        SampleRatedeck.write(new SampleRatedeck.Options(50, 7, 10, null), expected);
        assertThat(bw("sample", "ratedeck", "50", "--seed", "7", "--bad-every", "10")).isZero();
        assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        data.reset();
        assertThat(bw("sample", "--seed", "7", "--bad-every", "10", "ratedeck", "50")).isZero();
        assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void eachSampleKindWritesItsHeaderFirst() {
        assertThat(bw("sample", "usage", "2", "--scopes", "a,b", "--hours", "2")).isZero();
        assertThat(data.toString(StandardCharsets.UTF_8)).startsWith("scope_id,timestamp,number,direction,duration_s,call_id\n");
        data.reset();
        assertThat(bw("sample", "numbers", "2")).isZero();
        assertThat(data.toString(StandardCharsets.UTF_8).lines()).hasSize(3).first().isEqualTo("number");
    }

    @Test
    void aWrongCommandOrValueExitsTwoSayingWhy() {
        assertThat(bw("sample", "planets", "3")).isEqualTo(Bw.USAGE);
        assertThat(err.toString()).contains("planets");
        assertThat(bw("sample", "ratedeck", "many")).isEqualTo(Bw.USAGE);
        assertThat(err.toString()).contains("ROWS", "many");
        assertThat(data.size()).isZero();
    }

    @Test
    void versionAndHelpSayWhatThisIs() throws IOException {
        assertThat(bw("--version")).isZero();
        assertThat(out.toString()).contains("Batchworks " + Bw.version())
                .containsPattern("Batchworks \\d+\\.\\d+");
        assertThat(bw("sample", "--help")).isZero();
        assertThat(out.toString()).contains("ratedeck", "usage", "numbers", "--bad-every");
    }

    @Test
    void aBulkActionOnATerminalAsksFirstAndDoesNothingUnlessTold() {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
        try {
            int status = Bw.run(new String[] {"delete", "--all", "--status", "stopped", "--category", "rates"},
                    java.util.Map.of("BW_URL", "http://127.0.0.1:9"), data, new PrintWriter(out), new PrintWriter(err), true);
            assertThat(status).isEqualTo(1);
        } finally {
            System.setIn(stdin);
        }
        assertThat(out.toString()).contains("Delete every task of your account with status stopped, category rates? [y/N]",
                "nothing done");
        assertThat(bw("stop")).as("neither an ID nor --all").isEqualTo(1);
        assertThat(err.toString()).contains("give a task's ID, or --all");
    }

    private int bw(String... args) {
        return Bw.run(args, data, new PrintWriter(out), new PrintWriter(err));
    }
}
