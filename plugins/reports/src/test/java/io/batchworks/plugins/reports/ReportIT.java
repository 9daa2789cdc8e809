package io.batchworks.plugins.reports;

import static io.batchworks.plugins.reports.ReportFixtures.json;
import static io.batchworks.plugins.reports.ReportFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;

import tools.jackson.databind.JsonNode;

/**
 * GNU Taler's {@code /private/reports} on the wire (every status Taler documents), instances and token
 * permissions, and the programs delivering on schedule: files for consecutive slots, an HTTP receiver, a receiver
 * that fails first and gets the report on a later retry, a command fed the report on standard input.
 */
@OnBothDatabases
public class ReportIT extends EngineScenarios {

    private static final Duration SOON = Duration.ofSeconds(30);

    private GreenMail smtp;

    @Override
    protected void prepare(Path work) throws Exception {
        ReportFixtures.plugins(work);
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterParameterizedClassInvocation
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Override
    protected String[] engineArgs() {
        List<String> args = new java.util.ArrayList<>(ReportFixtures.programArgs(work.resolve("reports")));
        args.addAll(List.of("--reports.programs.mail.type=smtp", "--reports.programs.mail.host=127.0.0.1",
                "--reports.programs.mail.port=" + smtp.getSmtp().getPort(), "--reports.programs.mail.from=reports@batchworks.test"));
        return args.toArray(String[]::new);
    }

    @Test
    void addListReadReplaceDelete() {
        long shift = 123_000_000L;
        long before = System.currentTimeMillis() * 1000L;
        Api.Reply added = api.post("/private/reports", json(report("files", "/v2/tasks", "application/json", "a", 3600, shift)));
        long after = System.currentTimeMillis() * 1000L;
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        long serial = added.json().path("report_serial_id").asLong();
        assertThat(serial).isPositive();

        JsonNode detail = api.get("/private/reports/" + serial).json();
        assertThat(detail.path("report_serial").asLong()).isEqualTo(serial);
        assertThat(detail.path("description").asString()).isEqualTo("report to a");
        assertThat(detail.path("program_section").asString()).isEqualTo("files");
        assertThat(detail.path("mime_type").asString()).isEqualTo("application/json");
        assertThat(detail.path("data_source").asString()).isEqualTo("/v2/tasks");
        assertThat(detail.path("target_address").asString()).isEqualTo("a");
        assertThat(detail.path("report_frequency").path("d_us").asLong()).isEqualTo(3_600_000_000L);
        assertThat(detail.path("report_frequency_shift").path("d_us").asLong()).isEqualTo(shift);
        assertThat(detail.has("last_error_code")).isFalse();
        long freq = 3_600_000_000L;
        long nextEarliest = Math.floorDiv(before - shift, freq) * freq + freq + shift;
        long nextLatest = Math.floorDiv(after - shift, freq) * freq + freq + shift;
        assertThat(detail.path("next_transmission").path("t_s").asLong()).isBetween(nextEarliest / 1_000_000L, nextLatest / 1_000_000L);

        long second = api.post("/private/reports", json(report("files", "/v2/tasks", "application/json", "b", 60, 0)))
                .json().path("report_serial_id").asLong();
        JsonNode newestFirst = api.get("/private/reports").json().path("reports");
        assertThat(newestFirst.get(0).path("report_serial").asLong()).isEqualTo(second);
        assertThat(newestFirst.get(0).path("description").asString()).isEqualTo("report to b");
        assertThat(newestFirst.get(0).path("report_frequency").path("d_us").asLong()).isEqualTo(60_000_000L);
        assertThat(ReportFixtures.serials(api.get("/private/reports?limit=1&offset=" + serial).json())).containsExactly(second);
        assertThat(ReportFixtures.serials(api.get("/private/reports?limit=-1&offset=" + second).json())).containsExactly(serial);

        Api.Reply patched = api.patch("/private/reports/" + serial, json(report("files", "/v2/tasks", "text/csv", "c", 120, 0)));
        assertThat(patched.status()).isEqualTo(204);
        JsonNode replaced = api.get("/private/reports/" + serial).json();
        assertThat(replaced.path("target_address").asString()).isEqualTo("c");
        assertThat(replaced.path("mime_type").asString()).isEqualTo("text/csv");
        assertThat(replaced.path("report_frequency_shift").path("d_us").asLong()).isZero();

        assertThat(api.delete("/private/reports/" + serial).status()).isEqualTo(204);
        Api.Reply gone = api.get("/private/reports/" + serial);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("hint").asString()).isNotBlank();
        assertThat(api.delete("/private/reports/" + serial).status()).isEqualTo(404);
        assertThat(api.patch("/private/reports/" + serial, json(report("files", "/v2/tasks", "text/csv", "c", 120, 0))).status())
                .isEqualTo(404);
        api.delete("/private/reports/" + second);
    }

    @Test
    void aBodySentWithAFormTypeIsReadAsJson() throws Exception {
        // what `curl -d '{...}'` sends, as Taler's docs show it
        HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/private/reports"))
                .header("Authorization", "Bearer secret-token:" + engineToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(json(report("files", "/v2/tasks", "application/json", "form", 3600, 0))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        long serial = Api.JSON.readTree(added.body()).path("report_serial_id").asLong();
        assertThat(api.get("/private/reports/" + serial).json().path("target_address").asString()).isEqualTo("form");
        api.delete("/private/reports/" + serial);
    }

    private String engineToken() throws java.io.IOException {
        return Files.readString(work.resolve("data/admin-token")).strip();
    }

    @Test
    void badRequestsAreRefusedInTalersWords() {
        Map<String, Object> good = report("hook", "/v2/tasks", "text/csv", "http://127.0.0.1:9/x", 60, 0);
        assertMalformed(ReportFixtures.without(good, "description"), "description");
        assertMalformed(ReportFixtures.with(good, "mime_type", "csv"), "mime_type");
        for (String source : List.of("http://example.com/x", "//example.com/x", "/../x", "/v2/%2e%2e/x", "v2/tasks", "/v2/tasks/../../etc")) {
            assertMalformed(ReportFixtures.with(good, "data_source", source), "data_source");
        }
        assertMalformed(ReportFixtures.with(good, "report_frequency", Map.of("d_us", "forever")), "report_frequency");
        assertMalformed(ReportFixtures.with(good, "report_frequency", Map.of("d_us", -5)), "report_frequency");
        assertMalformed(ReportFixtures.with(good, "report_frequency", Map.of("seconds", 5)), "report_frequency");
        assertMalformed(ReportFixtures.with(good, "report_frequency_shift", Map.of("d_us", "soon")), "report_frequency_shift");
        assertMalformed(ReportFixtures.with(good, "target_address", "http://example.com/hook"), "target_address");

        Api.Reply unconfigured = api.post("/private/reports", json(ReportFixtures.with(good, "program_section", "fax")));
        assertThat(unconfigured.status()).isEqualTo(501);
        assertThat(unconfigured.json().path("code").asInt()).isPositive();
        assertThat(unconfigured.json().path("hint").asString()).contains("fax");

        Api.Reply unknownInstance = api.post("/instances/nowhere/private/reports", json(good));
        assertThat(unknownInstance.status()).isEqualTo(404);
        assertThat(unknownInstance.json().path("code").asInt()).isEqualTo(2000);
        assertThat(unknownInstance.json().path("hint").asString()).isNotBlank();
        assertThat(api.get("/instances/nowhere/private/reports").json().path("code").asInt()).isEqualTo(2000);

        Api.Reply notJson = api.post("/private/reports", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("code").asInt()).isEqualTo(22);
        assertThat(api.get("/private/reports?limit=0").json().path("code").asInt()).isEqualTo(26);
        assertThat(api.get("/private/reports/abc").json().path("code").asInt()).isEqualTo(26);
    }

    @Test
    void instancesAndTokenPermissions() throws Exception {
        String shopAccount = api.createAccount(master, Map.of("name", "shop"));
        Api.Reply assigned = api.put("/v2/accounts/" + shopAccount + "/taler_instance", "{\"data\":{\"instance_id\":\"shop\"}}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(api.put("/v2/accounts/" + master + "/taler_instance", "{\"data\":{\"instance_id\":\"shop\"}}").status()).isEqualTo(409);
        assertThat(api.get("/v2/accounts/" + shopAccount + "/taler_instance").data().path("instance_id").asString()).isEqualTo("shop");

        Api shop = api.loginAs(shopAccount);
        Api.Reply shopReport = shop.post("/instances/shop/private/reports",
                json(report("files", "/v2/accounts/" + shopAccount + "/tasks", "application/json", "shop", 3600, 0)));
        assertThat(shopReport.status()).as(shopReport.body()).isEqualTo(200);
        long serial = shopReport.json().path("report_serial_id").asLong();
        // another instance's path, and the default instance, are out of the shop's reach
        ReportFixtures.assertMalformed(shop, "/instances/shop/private/reports",
                report("files", "/v2/accounts/" + master + "/tasks", "application/json", "x", 3600, 0), "data_source");
        assertThat(shop.get("/private/reports").status()).isEqualTo(403);
        assertThat(api.get("/private/reports/" + serial).status()).isEqualTo(404);
        assertThat(api.get("/instances/shop/private/reports/" + serial).status()).isEqualTo(200);

        // a token limited to reports-read reads, but neither writes nor reaches the engine's other APIs
        String key = api.get("/v2/accounts/" + shopAccount + "/api_key").data().path("api_key").asString();
        Api.Reply limited = api.as(null).put("/v2/api_auth",
                json(Map.of("data", Map.of("api_key", key, "permissions", List.of("reports-read")))));
        assertThat(limited.status()).isEqualTo(201);
        Api reader = api.as(limited.json().path("auth_token").asString());
        assertThat(reader.get("/instances/shop/private/reports").status()).isEqualTo(200);
        Api.Reply refused = reader.post("/instances/shop/private/reports", json(report("files", "/v2/tasks", "text/csv", "y", 60, 0)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("code").asInt()).isEqualTo(16);
        assertThat(reader.get("/v2/accounts/" + shopAccount + "/tasks").status()).isEqualTo(403);
        assertThat(api.as(null).get("/instances/shop/private/reports").status()).isEqualTo(401);

        // Taler's clients send the token as a Bearer secret-token
        HttpResponse<String> bearer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/instances/shop/private/reports/" + serial))
                .header("Authorization", "Bearer secret-token:" + limited.json().path("auth_token").asString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
    }

    @Test
    void aFileProgramWritesConsecutiveSlotsWithTheDataSource() throws Exception {
        String exportId = ReportFixtures.ratesExport(api);
        String source = "/v2/tasks/" + exportId + "?csv_name=out.csv";
        String expected = api.getCsv(source).body();
        assertThat(expected).contains("4420", "331");
        Path dir = work.resolve("reports");
        api.post("/private/reports", json(report("files", source, "text/csv", "ratedeck", 2, 0)));
        Engines.await(SOON, "three report files", () -> ReportFixtures.files(dir, "ratedeck-").size() >= 3);
        List<Path> files = ReportFixtures.files(dir, "ratedeck-").subList(0, 3);
        List<Long> slots = files.stream().map(f -> Long.parseLong(f.getFileName().toString().replaceAll("\\D", ""))).toList();
        assertThat(slots.get(1) - slots.get(0)).isEqualTo(2);
        assertThat(slots.get(2) - slots.get(1)).isEqualTo(2);
        for (Path f : files) {
            assertThat(Files.readString(f)).isEqualTo(expected);
        }
    }

    @Test
    void anHttpProgramDeliversAndAFailingReceiverGetsALaterRetry() throws Exception {
        String exportId = ReportFixtures.ratesExport(api);
        String source = "/v2/tasks/" + exportId + "?csv_name=out.csv";
        try (ReportFixtures.Receiver receiver = new ReportFixtures.Receiver(2)) {
            long shift = ReportFixtures.shiftForFirstSlotIn(3600, 1500);
            long serial = api.post("/private/reports", json(report("hook", source, "text/csv", receiver.url("/hook"), 3600, shift)))
                    .json().path("report_serial_id").asLong();
            Engines.await(SOON, "the failure recorded", () -> api.get("/private/reports/" + serial).json().has("last_error_code"));
            JsonNode failed = api.get("/private/reports/" + serial).json();
            assertThat(failed.path("last_error_code").asInt()).isPositive();
            assertThat(failed.path("last_error_detail").asString()).contains("HTTP 500");
            Engines.await(SOON, "a later successful retry", () -> !receiver.bodies.isEmpty());
            assertThat(receiver.refused.get()).isEqualTo(2);
            assertThat(receiver.bodies.get(0)).isEqualTo(api.getCsv(source).body());
            assertThat(Long.parseLong(receiver.slots.get(0)) * 1_000_000L % 3_600_000_000L).isEqualTo(shift - shift % 1_000_000L);
            Engines.await(SOON, "the error cleared", () -> !api.get("/private/reports/" + serial).json().has("last_error_code"));
            JsonNode after = api.get("/private/reports/" + serial).json();
            assertThat(after.path("transmissions_sent").asLong()).isEqualTo(1);
            assertThat(after.path("next_transmission").path("t_s").asLong()).isEqualTo(Long.parseLong(receiver.slots.get(0)) + 3600);
        }
    }

    @Test
    void anExecProgramGetsTheReportOnStandardInput() throws Exception {
        Path target = work.resolve("exec-out.json");
        long shift = ReportFixtures.shiftForFirstSlotIn(3600, 1000);
        api.post("/private/reports", json(report("script", "/v2/tasks?category=rates", "application/json", target.toString(), 3600, shift)));
        Engines.await(SOON, "the command's output", () -> Files.exists(target));
        Engines.await(SOON, "the command's output complete", () -> {
            try {
                return Api.JSON.readTree(Files.readString(target)).path("data").path("tasks").has("rates");
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    @Test
    void anSmtpProgramMailsTheReportAsAnAttachment() throws Exception {
        String exportId = ReportFixtures.ratesExport(api);
        String source = "/v2/tasks/" + exportId + "?csv_name=out.csv";
        assertMalformed(report("mail", source, "text/csv", "not an address", 3600, 0), "target_address");
        long shift = ReportFixtures.shiftForFirstSlotIn(3600, 1000);
        Map<String, Object> request = report("mail", source, "text/csv", "ops@example.com", 3600, shift);
        request.put("description", "Hourly ratedeck");
        assertThat(api.post("/private/reports", json(request)).status()).isEqualTo(200);
        assertThat(smtp.waitForIncomingEmail(SOON.toMillis(), 1)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Hourly ratedeck");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("reports@batchworks.test");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String attached = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getFileName() != null) {
                attached = new String(parts.getBodyPart(i).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        // a text part travels in MIME's canonical form: CRLF line ends
        assertThat(attached.replace("\r\n", "\n")).isEqualTo(api.getCsv(source).body());
    }

    private void assertMalformed(Map<String, Object> request, String field) {
        ReportFixtures.assertMalformed(api, "/private/reports", request, field);
    }
}
