package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

import tools.jackson.databind.JsonNode;

/**
 * The numbers plugin end to end: Kazoo's resources API and its bulk number-add jobs, and the same work as the
 * {@code numbers/add} task. Each subclass runs the scenarios on one database.
 */
@OnBothDatabases
class NumbersIT extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Api admin;
    private String root;
    private String customer;

    /** The engine loads the numbers plugin, as built. */
    @Override
    protected void prepare(Path work) throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginTestKit.pack(NumbersPlugin.class, plugins);
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--numbers.add.chunk-size=700"};
    }

    @BeforeParameterizedClassInvocation
    void customer() {
        admin = api;
        root = master;
        customer = admin.createAccount(root, Map.of("name", "carrier customer"));
    }

    /** Kazoo's documented curl examples, as written (host, ids and token aside). */
    @Test
    void kazoosDocumentedExamplesWork() throws Exception {
        String base = "/v2/accounts/" + customer + "/resources";
        Api.Reply created = admin.put(base, "{\"data\":{\"name\":\"Carrier 3\", \"gateways\":[]}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode doc = created.data();
        String id = doc.path("id").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(doc.path("emergency").asBoolean()).isFalse();
        assertThat(doc.path("enabled").asBoolean()).isTrue();
        assertThat(doc.path("flags").isArray()).isTrue();
        assertThat(doc.path("grace_period").asInt()).isEqualTo(5);
        assertThat(doc.path("media").path("audio").path("codecs").get(0).asString()).isEqualTo("PCMU");
        assertThat(doc.path("media").path("video").path("codecs").isEmpty()).isTrue();
        assertThat(doc.path("rules").isEmpty()).isTrue();
        assertThat(doc.path("weight_cost").asInt()).isEqualTo(50);
        assertThat(doc.path("name").asString()).isEqualTo("Carrier 3");

        Api.Reply listed = admin.get(base);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("page_size").asInt()).isEqualTo(listed.data().size());
        JsonNode entry = ResourceJobs.find(listed.data(), id);
        assertThat(entry.path("name").asString()).isEqualTo("Carrier 3");
        assertThat(entry.path("enabled").asBoolean()).isTrue();
        assertThat(entry.path("weight").asInt()).isEqualTo(50);

        assertThat(admin.get(base + "/" + id).data().path("name").asString()).isEqualTo("Carrier 3");

        Api.Reply edited = admin.post(base + "/" + id, "{\"data\":{\"name\":\"Carrier 3\", \"gateways\":[{\"server\":\"carrier3.com\"}]}}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        JsonNode gateway = edited.data().path("gateways").get(0);
        assertThat(gateway.path("server").asString()).isEqualTo("carrier3.com");
        assertThat(gateway.path("channel_selection").asString()).isEqualTo("ascending");
        assertThat(gateway.path("custom_sip_headers").isObject()).isTrue();
        assertThat(gateway.path("enabled").asBoolean()).isTrue();
        assertThat(gateway.path("endpoint_type").asString()).isEqualTo("sip");
        assertThat(gateway.path("invite_format").asString()).isEqualTo("route");
        assertThat(gateway.path("skype_rr").asBoolean()).isTrue();
        assertThat(admin.get(base + "/" + id).data().path("gateways").get(0).path("server").asString()).isEqualTo("carrier3.com");

        Api.Reply job = admin.put(base + "/jobs",
                "{\"data\":{\"numbers\":[\"+12223334444\", \"+23334445555\"], \"resource_id\":\"" + id + "\"}}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        assertThat(job.json().path("status").asString()).isEqualTo("success");
        String jobId = job.data().path("id").asString();
        assertThat(jobId).matches("\\d{6}-[0-9a-f]{16}");
        assertThat(job.data().path("resource_id").asString()).isEqualTo(id);
        assertThat(job.data().path("errors").isObject()).isTrue();
        assertThat(job.data().path("successes").isObject()).isTrue();
        assertThat(Api.strings(job.data().path("numbers"))).containsExactly("+12223334444", "+23334445555");

        JsonNode done = ResourceJobs.awaitComplete(admin, base + "/jobs/" + jobId, TIMEOUT);
        assertThat(done.path("successes").propertyNames()).containsExactlyInAnyOrder("+12223334444", "+23334445555");
        assertThat(done.path("successes").path("+12223334444").path("assigned_to").asString()).isEqualTo(customer);
        assertThat(done.path("errors").isEmpty()).isTrue();
        assertThat(done.path("timestamp").asLong()).isGreaterThan(63_000_000_000L);

        Api.Reply jobs = admin.get(base + "/jobs");
        JsonNode summary = ResourceJobs.find(jobs.data(), jobId);
        assertThat(summary.path("successes").asInt()).isEqualTo(2);
        assertThat(summary.path("failures").asInt()).isZero();
        assertThat(summary.path("status").asString()).isEqualTo("complete");
        assertThat(summary.path("resource_id").asString()).isEqualTo(id);

        Api.Reply deleted = admin.delete(base + "/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().path("id").asString()).isEqualTo(id);
        assertThat(admin.get(base + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void globalResourcesAreForSuperAdminsAndTheDeprecatedPathsStillWork() {
        Api own = admin.loginAs(customer);
        assertThat(own.get("/v2/resources").status()).isEqualTo(403);
        assertThat(own.put("/v2/global_resources", "{\"data\":{\"name\":\"g\",\"gateways\":[]}}").status()).isEqualTo(403);

        String global = admin.put("/v2/resources", "{\"data\":{\"name\":\"Global\",\"gateways\":[]}}").data().path("id").asString();
        assertThat(ResourceJobs.find(admin.get("/v2/global_resources").data(), global)).isNotNull();
        assertThat(admin.get("/v2/accounts/" + customer + "/global_resources/" + global).status()).isEqualTo(200);
        // a global resource is not one of the account's own
        assertThat(own.get("/v2/accounts/" + customer + "/resources/" + global).status()).isEqualTo(404);

        String local = own.put("/v2/accounts/" + customer + "/local_resources", "{\"data\":{\"name\":\"Mine\",\"gateways\":[]}}")
                .data().path("id").asString();
        assertThat(own.get("/v2/accounts/" + customer + "/resources/" + local).data().path("name").asString()).isEqualTo("Mine");
        assertThat(admin.get("/v2/resources/" + local).status()).isEqualTo(404);

        String other = admin.createAccount(root, Map.of("name", "someone else"));
        assertThat(own.get("/v2/accounts/" + other + "/resources").status()).isEqualTo(403);
        assertThat(admin.get("/v2/accounts/0123456789abcdef0123456789abcdef/resources").status()).isEqualTo(404);
    }

    @Test
    void aBadDocumentIsA400NamingTheField() {
        String base = "/v2/accounts/" + customer + "/resources";
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"gateways\":[]}}"), "name", "required");
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"name\":\"x\"}}"), "gateways", "required");
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"name\":\"x\",\"gateways\":[{\"realm\":\"r\"}]}}"), "gateways.0.server", "required");
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"name\":\"x\",\"gateways\":[],\"weight_cost\":101}}"), "weight_cost", "maximum");
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"name\":\"x\",\"gateways\":[],\"rules\":[\"(\"]}}"), "rules.0", "pattern");
        ResourceJobs.assertInvalid(admin.put(base, "{\"data\":{\"name\":\"x\",\"gateways\":[],\"enabled\":\"yes\"}}"), "enabled", "type");
        assertThat(admin.put(base, "{not json").status()).isEqualTo(400);
        assertThat(admin.get(base + "/nosuchresource").status()).isEqualTo(404);
        assertThat(admin.post(base + "/nosuchresource", "{\"data\":{\"name\":\"x\",\"gateways\":[]}}").status()).isEqualTo(404);
        assertThat(admin.delete(base + "/nosuchresource").status()).isEqualTo(404);

        ResourceJobs.assertInvalid(admin.put(base + "/jobs", "{\"data\":{\"resource_id\":\"r\"}}"), "numbers", "required");
        ResourceJobs.assertInvalid(admin.put(base + "/jobs", "{\"data\":{\"numbers\":[]," + "\"resource_id\":\"r\"}}"), "numbers", "minItems");
        ResourceJobs.assertInvalid(admin.put(base + "/jobs", "{\"data\":{\"numbers\":[\"+12223334444\"]}}"), "resource_id", "required");
        assertThat(admin.get(base + "/jobs/201408-0000000000000000").status()).isEqualTo(404);
    }

    @Test
    void aJobOfTenThousandNumbersWithAHundredBadOnesReportsEachBadOne() throws Exception {
        String base = "/v2/accounts/" + customer + "/resources";
        String resource = admin.put(base, "{\"data\":{\"name\":\"Bulk\",\"gateways\":[{\"server\":\"bulk.example\"}]}}")
                .data().path("id").asString();
        // 50 numbers another account already owns
        String other = admin.createAccount(root, Map.of("name", "first owner"));
        String otherResource = admin.put("/v2/accounts/" + other + "/resources", "{\"data\":{\"name\":\"O\",\"gateways\":[]}}")
                .data().path("id").asString();
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            taken.add("+1" + (3_000_000_000L + i * 7));
        }
        String first = admin.putJson("/v2/accounts/" + other + "/resources/jobs",
                Map.of("data", Map.of("numbers", taken, "resource_id", otherResource))).data().path("id").asString();
        assertThat(ResourceJobs.awaitComplete(admin, "/v2/accounts/" + other + "/resources/jobs/" + first, TIMEOUT).path("successes").size())
                .isEqualTo(50);

        List<String> numbers = new ArrayList<>();
        Set<String> bad = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String number;
            if (i % 100 == 7) {
                number = i % 200 == 7 ? "not-a-number-" + i : taken.get(i / 200);
                bad.add(number);
            } else {
                number = Long.toString(4_000_000_000L + i); // ten digits: NANP, becomes +1...
            }
            numbers.add(number);
        }
        assertThat(bad).hasSize(100);
        Api.Reply job = admin.putJson(base + "/jobs", Map.of("data", Map.of("numbers", numbers, "resource_id", resource)));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String id = job.data().path("id").asString();
        JsonNode done = ResourceJobs.awaitComplete(admin, base + "/jobs/" + id, TIMEOUT);

        assertThat(done.path("numbers").size()).isEqualTo(10_000);
        assertThat(done.path("successes").size()).isEqualTo(9_900);
        assertThat(done.path("successes").has("+14000000000")).isTrue();
        JsonNode errors = done.path("errors");
        assertThat(errors.size()).isEqualTo(100);
        assertThat(new HashSet<>(errors.propertyNames())).isEqualTo(bad);
        for (String number : bad) {
            JsonNode error = errors.path(number);
            String expected = number.startsWith("not") ? "invalid_number" : "number_exists";
            assertThat(error.path("reason").asString()).as(number).isEqualTo(expected);
            assertThat(error.path("message").asString()).as(number).isNotBlank();
        }
        JsonNode summary = ResourceJobs.find(admin.get(base + "/jobs").data(), id);
        assertThat(summary.path("successes").asInt()).isEqualTo(9_900);
        assertThat(summary.path("failures").asInt()).isEqualTo(100);
        JsonNode task = admin.get("/v2/tasks/" + id).task();
        assertThat(task.path("status").asString()).isEqualTo("partial");
        assertThat(task.path("success_count").asLong()).isEqualTo(9_900);
        assertThat(task.path("failure_count").asLong()).isEqualTo(100);
        // the numbers another account owns stayed with it
        JsonNode firstJob = admin.get("/v2/accounts/" + other + "/resources/jobs/" + first).data();
        assertThat(firstJob.path("successes").path(taken.get(0)).path("assigned_to").asString()).isEqualTo(other);
    }

    @Test
    void theNumbersAddTaskIsTheSameWork() throws Exception {
        String base = "/v2/accounts/" + customer + "/resources";
        String enabled = admin.put(base, "{\"data\":{\"name\":\"On\",\"gateways\":[]}}").data().path("id").asString();
        String disabled = admin.put(base, "{\"data\":{\"name\":\"Off\",\"gateways\":[],\"enabled\":false}}").data().path("id").asString();
        String csv = "number,resource_id\n"
                + "(415) 555-0100," + enabled + "\n"
                + "+44 20 7946 0000,\n"
                + "0114930901820," + disabled + "\n"
                + "+14155550101,nosuchresource\n"
                + "12,\n";
        Api.Reply created = admin.putCsv("/v2/accounts/" + customer + "/tasks?category=numbers&action=add&resource_id=" + enabled, csv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.task().path("id").asString();
        assertThat(admin.patch("/v2/tasks/" + id).status()).isEqualTo(200);
        JsonNode task = admin.awaitEnd(id, TIMEOUT);
        assertThat(task.path("status").asString()).isEqualTo("partial");
        assertThat(task.path("success_count").asLong()).isEqualTo(2);
        assertThat(task.path("failure_count").asLong()).isEqualTo(3);
        String out = admin.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body();
        assertThat(out).contains("0114930901820," + disabled + ",resource_disabled: ", ",4\n")
                .contains("+14155550101,nosuchresource,unknown_resource: ")
                .contains("12,,invalid_number: ");
        assertThat(out.lines().count()).isEqualTo(4);
        // a pending task nobody started is never picked up by recovery
        String idle = admin.putCsv("/v2/accounts/" + customer + "/tasks?category=numbers&action=add", "number\n+14155550199\n")
                .task().path("id").asString();
        assertThat(admin.get("/v2/tasks/" + idle).task().path("status").asString()).isEqualTo("pending");
    }

    @Test
    void jobListingsFollowKazoosWindowAndPaging() throws Exception {
        String account = admin.createAccount(root, Map.of("name", "paged"));
        String base = "/v2/accounts/" + account + "/resources";
        String resource = admin.put(base, "{\"data\":{\"name\":\"P\",\"gateways\":[]}}").data().path("id").asString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(admin.putJson(base + "/jobs", Map.of("data", Map.of("numbers", List.of("+1510555010" + i), "resource_id", resource)))
                    .data().path("id").asString());
        }
        for (String id : ids) {
            ResourceJobs.awaitComplete(admin, base + "/jobs/" + id, TIMEOUT);
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            Api.Reply page = admin.get(base + "/jobs?page_size=2" + (next == null ? "" : "&start_key=" + next));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.data().forEach(j -> seen.add(j.path("id").asString()));
            next = page.json().path("next_start_key").isMissingNode() ? null : page.json().path("next_start_key").asString();
        } while (next != null);
        assertThat(seen).containsExactlyElementsOf(ids);

        long now = admin.get(base + "/jobs/" + ids.get(0)).data().path("timestamp").asLong();
        assertThat(admin.get(base + "/jobs?created_from=" + (now - 10) + "&created_to=" + (now + 10)).data().size()).isEqualTo(3);
        assertThat(admin.get(base + "/jobs?created_to=" + (now - 100)).data().size()).isZero();
        Api.Reply backwards = admin.get(base + "/jobs?created_from=" + now + "&created_to=" + (now - 1));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.data().path("created_from").path("date_range").path("message").asString()).isNotBlank();
        Api.Reply tooWide = admin.get(base + "/jobs?created_from=" + (now - 32L * 86_400) + "&created_to=" + now);
        assertThat(tooWide.status()).isEqualTo(400);
        assertThat(tooWide.data().path("created_from").path("date_range").path("message").asString()).contains("2682000");
        assertThat(admin.get(base + "/jobs?created_from=yesterday").status()).isEqualTo(400);
    }
}
