package io.batchworks.plugins.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.batchworks.plugins.rates.RatesPlugin;
import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/** What the reports tests share: programs configured on the command line, report requests, an HTTP receiver. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    /** Programs {@code files} (into {@code dir}), {@code hook} (HTTP to loopback), {@code script} (sh writing the target). */
    static List<String> programArgs(Path dir) {
        return List.of("--reports.programs.files.type=file", "--reports.programs.files.directory=" + dir,
                "--reports.programs.hook.type=http", "--reports.programs.hook.allowed-prefixes=http://127.0.0.1:",
                "--reports.programs.script.type=exec", "--reports.programs.script.command=/bin/sh",
                "--reports.programs.script.args=-c,cat > \"$0\"",
                "--reports.dispatch-interval-ms=250");
    }

    /** A ReportAddRequest; {@code frequencyS} seconds, shifted by {@code shiftUs}. */
    static Map<String, Object> report(String program, String source, String mime, String target, long frequencyS, long shiftUs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("description", "report to " + target);
        r.put("program_section", program);
        r.put("mime_type", mime);
        r.put("data_source", source);
        r.put("target_address", target);
        r.put("report_frequency", Map.of("d_us", frequencyS * 1_000_000L));
        r.put("report_frequency_shift", Map.of("d_us", shiftUs));
        return r;
    }

    /** A shift that puts a report's next slot about {@code inMs} from now. */
    static long shiftForFirstSlotIn(long frequencyS, long inMs) {
        long now = System.currentTimeMillis() * 1000L;
        long frequency = frequencyS * 1_000_000L;
        return Math.floorMod(now + inMs * 1000L, frequency);
    }

    static String json(Object body) {
        return Api.JSON.writeValueAsString(body);
    }

    /** Rates to export: a data source whose content the test knows. */
    /** Puts the reports plugin and the rates plugin (its data sources are ratedeck exports), as built, into {@code work/plugins}. */
    static void plugins(Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        PluginTestKit.pack(ReportsPlugin.class, plugins);
        PluginTestKit.pack(RatesPlugin.class, plugins);
    }

    /** A ratedeck imported, then exported: the export task's id, whose {@code out.csv} a report sends. */
    static String ratesExport(Api api) {
        api.run("category=rates&action=import&ratedeck_id=reports", "prefix,rate_cost,rate_name\n4420,0.05,London\n331,0.04,Paris\n",
                Duration.ofSeconds(30));
        return api.run("category=rates&action=export&ratedeck_id=reports", null, Duration.ofSeconds(30)).path("id").asString();
    }

    /** An HTTP receiver on loopback: records each POST's slot header and body; the first {@code failFirst} answer 500. */
    static final class Receiver implements AutoCloseable {
        final List<String> slots = Collections.synchronizedList(new ArrayList<>());
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refused = new AtomicInteger();
        private final HttpServer server;

        Receiver(int failFirst) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status;
                if (refused.get() < failFirst) {
                    refused.incrementAndGet();
                    status = 500;
                } else {
                    slots.add(exchange.getRequestHeaders().getFirst("X-Report-Slot"));
                    bodies.add(new String(body, StandardCharsets.UTF_8));
                    status = 204;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A 400 in Taler's words (code 26) whose hint and detail name the field. */
    static void assertMalformed(Api as, String path, Map<String, Object> request, String field) {
        Api.Reply reply = as.post(path, json(request));
        assertThat(reply.status()).as(field + ": " + reply.body()).isEqualTo(400);
        assertThat(reply.json().path("code").asInt()).as(reply.body()).isEqualTo(26);
        assertThat(reply.json().path("hint").asString()).as(reply.body()).startsWith(field);
        assertThat(reply.json().path("detail").asString()).isEqualTo(field);
    }

    /** The request with one field changed. */
    static Map<String, Object> with(Map<String, Object> request, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(request);
        changed.put(field, value);
        return changed;
    }

    /** The request with one field changed. */
    static Map<String, Object> without(Map<String, Object> request, String field) {
        Map<String, Object> changed = new HashMap<>(request);
        changed.remove(field);
        return changed;
    }

    /** The serials of a listing's reports. */
    static List<Long> serials(JsonNode list) {
        return Stream.of(list.path("reports")).flatMap(r -> r.valueStream()).map(r -> r.path("report_serial").asLong()).toList();
    }

    /** The files of a directory whose names start with {@code prefix}, sorted; none when it does not exist. */
    static List<Path> files(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
