package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * A 1 GiB CSV upload to an engine whose heap is capped at 160 MB: streamed to disk and checked in one pass, it is
 * accepted with its row count, and the old generation (what outlives the young collections, sampled through the
 * actuator while the body streams) stays flat: nothing of the body is kept. The engine runs with C2, as a user's does:
 * the one pass over a gibibyte is where it pays for itself.
 */
class UploadMemoryTest {

    private static final long GIB = 1L << 30;
    private static final String ROW = "nabcdefghijklmnopqrstuvwxyz\n";

    @TempDir
    Path work;

    @Test
    void aGibibyteUploadStreamsThroughASmallHeap() throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
        try (TestDatabase db = TestDatabase.hsqldb();
             Engines.Forked engine = Engines.Forked.withJvm(List.of("-Xmx160m", "-XX:TieredStopAtLevel=4"), db, work, "--batchworks.max-upload-size=2GB")) {
            Api api = engine.api();
            long rows = GIB / ROW.length();
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicLong peak = new AtomicLong();
            AtomicLong heapPeak = new AtomicLong();
            String old = oldGeneration(api);
            long before = used(api, old);
            Thread sampler = new Thread(() -> {
                while (streaming.get()) {
                    peak.accumulateAndGet(used(api, old), Math::max);
                    heapPeak.accumulateAndGet(used(api, "area:heap"), Math::max);
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            Api.Reply created;
            try {
                created = api.put("/v2/tasks?category=greetings&action=import", "text/csv",
                        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> rows(rows)),
                                "name\n".length() + rows * ROW.length()));
            } finally {
                streaming.set(false);
                sampler.join();
            }
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.task().path("total_count").asLong()).isEqualTo(rows);
            System.out.printf("1 GiB upload under -Xmx160m: old generation %d MB before, at most %d MB while it streamed;"
                    + " heap in use at most %d MB (young garbage included)%n", before >> 20, peak.get() >> 20, heapPeak.get() >> 20);
            assertThat(peak.get()).as("old generation while 1 GiB streamed").isPositive().isLessThan(before + (32L << 20));
            assertThat(api.delete("/v2/tasks/" + created.task().path("id").asString()).status()).isEqualTo(200);
        }
    }

    /** The tag of the old generation, named by the engine's collector ("G1 Old Gen", the serial GC's "Tenured Gen"). */
    private static String oldGeneration(Api api) {
        for (JsonNode tag : api.get("/actuator/metrics/jvm.memory.used").json().path("availableTags")) {
            if (tag.path("tag").asString().equals("id")) {
                for (JsonNode id : tag.path("values")) {
                    String name = id.asString();
                    if (name.endsWith("Old Gen") || name.equals("Tenured Gen")) {
                        return "id:" + name.replace(" ", "%20");
                    }
                }
            }
        }
        throw new AssertionError("no old generation among the engine's memory pools");
    }

    /** Bytes in use in a part of the heap, by the actuator's tag. */
    private static long used(Api api, String tag) {
        JsonNode used = api.get("/actuator/metrics/jvm.memory.used?tag=" + tag).json();
        return (long) used.path("measurements").path(0).path("value").asDouble();
    }

    /** A header, then {@code rows} rows, generated as they are read, a block of whole rows at a time. */
    private static InputStream rows(long rows) {
        byte[] header = "name\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = ROW.repeat(4096).getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            private final long size = header.length + rows * ROW.length();
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                if (position < header.length) {
                    int n = (int) Math.min(len, header.length - position);
                    System.arraycopy(header, (int) position, b, off, n);
                    position += n;
                    return n;
                }
                int at = (int) ((position - header.length) % ROW.length());
                int n = (int) Math.min(Math.min(len, block.length - at), size - position);
                System.arraycopy(block, at, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
