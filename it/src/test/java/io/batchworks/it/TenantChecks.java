package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.batchworks.testapi.Api;

import tools.jackson.databind.JsonNode;

/**
 * Tenants: every route the engine and its plugins list, called with account A's token on account B's things (its
 * account, tasks and their files, task schedules, webhooks, resources, number jobs, Taler instance and reports, rates), is refused with 403 or
 * 404; lists show A nothing of B's; the operators' routes (scopes, audit, plugins, the schedule's changes) refuse A;
 * B's things are as they were after it all. A reseller reads its sub-account's things, as Kazoo lets it, and not
 * those of an account outside its tree.
 */
final class TenantChecks {

    private final Api api;
    private final String master;

    TenantChecks(Api api, String master) {
        this.api = api;
        this.master = master;
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    /** A task any account may run (rates imports are for resellers). */
    private static final String NUMBERS = "number\n+14155550123\n";

    /** One account's things, by the path parameter that names each. */
    private record Things(String account, String task, String taskStatus, String pendingTask, String resource, String job, String instance,
                          String report, String schedule, String webhook) {
        /** Ids that no other thing's text holds by chance (a report's serial is a small number). */
        List<String> ids() {
            return List.of(account, task, pendingTask, resource, job, schedule, webhook);
        }
    }



    void anAccountReachesNothingOfAnotherAndAResellerReachesItsSubAccounts() throws Exception {
        String reseller = api.createAccount(master, Map.of("name", "reseller", "is_reseller", true));
        Api asReseller = api.loginAs(reseller);
        String accountA = api.createAccount(reseller, Map.of("name", "a"));
        String accountB = api.createAccount(master, Map.of("name", "b"));
        Api asA = api.loginAs(accountA);
        Things a = things(api.loginAs(accountA), accountA, "inst-a");
        Api asB = api.loginAs(accountB);
        Things b = things(asB, accountB, "inst-b");

        List<String> refusals = new ArrayList<>();
        int addressed = 0;
        for (Map.Entry<String, JsonNode> path : api.get("/v3/api-docs").json().path("paths").properties()) {
            String template = path.getKey();
            for (String method : path.getValue().propertyNames()) {
                method = method.toUpperCase();
                if (template.startsWith("/v2/token_auth") && method.equals("DELETE")) {
                    continue; // revokes the caller's own token: nothing of B's
                }
                Api.Reply reply = send(asA, method, fill(template, b));
                boolean namesB = PARAM.matcher(template).find() && !template.startsWith("/api/v1/");
                String call = method + " " + fill(template, b) + " as A: " + reply.status() + " " + abbreviate(reply.body());
                if (namesB) {
                    addressed++;
                    if (reply.status() != 403 && reply.status() != 404) {
                        refusals.add(call + " (expected 403 or 404)");
                    }
                } else if (template.startsWith("/api/v1/") && !method.equals("GET") && reply.status() != 403 && reply.status() != 404) {
                    refusals.add(call + " (the schedule changes for super admins and a job's technician only: 403 or 404)");
                } else if (operators(template) && reply.status() != 403) {
                    refusals.add(call + " (operators' route: 403)");
                } else {
                    for (String id : b.ids()) {
                        if (reply.body().contains(id)) {
                            refusals.add(call + " (shows B's " + id + ")");
                        }
                    }
                }
            }
        }
        assertThat(addressed).as("routes naming an account or its things").isGreaterThan(40);
        assertThat(refusals).isEmpty();

        // B's things are as they were
        assertThat(asB.get("/v2/tasks/" + b.task()).task().path("status").asString()).isEqualTo(b.taskStatus());
        assertThat(asB.get("/v2/tasks/" + b.pendingTask()).task().path("status").asString()).isEqualTo("pending");
        assertThat(asB.get("/v2/accounts/" + b.account() + "/resources/" + b.resource()).status()).isEqualTo(200);
        assertThat(asB.get("/v2/accounts/" + b.account() + "/resources/jobs/" + b.job()).status()).isEqualTo(200);
        assertThat(asB.get("/instances/" + b.instance() + "/private/reports/" + b.report()).status()).isEqualTo(200);
        assertThat(asB.get("/v2/accounts/" + b.account()).status()).isEqualTo(200);
        JsonNode schedule = asB.get("/v2/accounts/" + b.account() + "/task_schedules/" + b.schedule()).data();
        assertThat(schedule.path("enabled").asBoolean()).as(schedule.toString()).isTrue();
        assertThat(schedule.path("every").asString()).isEqualTo("PT1H");
        assertThat(schedule.path("last_fires")).as("never fired").isEmpty();
        JsonNode hook = asB.get("/v2/accounts/" + b.account() + "/webhooks/" + b.webhook()).data();
        assertThat(hook.path("enabled").asBoolean()).as(hook.toString()).isTrue();
        assertThat(hook.path("uri").asString()).isEqualTo("http://192.0.2.10/hook");
        // nor does A wait for a task of B's
        assertThat(asA.putCsv("/v2/tasks?category=numbers&action=add&after=" + b.task(), NUMBERS).status()).isEqualTo(404);

        // a reseller reads its sub-account's things, not those of an account outside its tree
        for (String path : List.of("/v2/accounts/" + a.account(), "/v2/accounts/" + a.account() + "/tasks",
                "/v2/accounts/" + a.account() + "/tasks/" + a.task(), "/v2/accounts/" + a.account() + "/tasks/" + a.task() + "?csv_name=in.csv",
                "/v2/accounts/" + a.account() + "/resources/" + a.resource(), "/v2/accounts/" + a.account() + "/resources/jobs/" + a.job(),
                "/instances/" + a.instance() + "/private/reports/" + a.report())) {
            assertThat(asReseller.get(path).status()).as("reseller: GET " + path).isEqualTo(200);
            String ofB = path.replace(a.account(), b.account()).replace(a.task(), b.task()).replace(a.resource(), b.resource())
                    .replace(a.job(), b.job()).replace(a.instance(), b.instance()).replace(a.report(), b.report());
            assertThat(asReseller.get(ofB).status()).as("reseller: GET " + ofB).isIn(403, 404);
        }
    }

    /** An account's things, made through its own token: a finished and a pending task, a resource, a number job, a report. */
    private Things things(Api as, String account, String instance) throws InterruptedException {
        Api.Reply created = as.putCsv("/v2/tasks?category=numbers&action=add", NUMBERS);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String task = created.task().path("id").asString();
        as.patch("/v2/tasks/" + task);
        String ended = as.awaitEnd(task, Duration.ofSeconds(60)).path("status").asString();
        assertThat(ended).isIn("success", "partial", "failure");
        String pending = as.putCsv("/v2/tasks?category=numbers&action=add", NUMBERS).task().path("id").asString();
        String resource = as.put("/v2/accounts/" + account + "/resources", "{\"data\":{\"name\":\"R\",\"gateways\":[]}}").data()
                .path("id").asString();
        Api.Reply job = as.putJson("/v2/accounts/" + account + "/resources/jobs", Map.of("data", Map.of("numbers", List.of("+14155550100"), "resource_id", resource)));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        Api.Reply named = api.putJson("/v2/accounts/" + account + "/taler_instance", Map.of("data", Map.of("instance_id", instance)));
        assertThat(named.status()).as(named.body()).isLessThan(300);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("description", "tasks");
        report.put("program_section", "files");
        report.put("mime_type", "application/json");
        report.put("data_source", "/v2/tasks");
        report.put("target_address", instance + ".json");
        report.put("report_frequency", Map.of("d_us", 3_600_000_000L));
        report.put("report_frequency_shift", Map.of("d_us", 0));
        Api.Reply added = as.post("/instances/" + instance + "/private/reports", Api.JSON.writeValueAsString(report));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        Api.Reply schedule = as.putJson("/v2/accounts/" + account + "/task_schedules",
                Map.of("data", Map.of("category", "numbers", "action", "add", "every", "1h")));
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        Api.Reply webhook = as.putJson("/v2/accounts/" + account + "/webhooks",
                Map.of("data", Map.of("name", "ends", "uri", "http://192.0.2.10/hook", "hook", "task")));
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);
        return new Things(account, task, ended, pending, resource, job.data().path("id").asString(), instance,
                added.json().path("report_serial_id").asString(), schedule.data().path("id").asString(), webhook.data().path("id").asString());
    }

    /** The template with each parameter naming one of {@code b}'s things. */
    private static String fill(String template, Things b) {
        Matcher m = PARAM.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String value = switch (m.group(1)) {
                case "account", "account_id", "parent", "scope" -> b.account();
                case "job" -> b.job();
                case "instance" -> b.instance();
                case "number" -> "+14155550100";
                case "id" -> before.equals("/v2/accounts/") ? b.account()
                        : before.contains("/tasks/") ? b.pendingTask()
                        : before.contains("/task_schedules/") ? b.schedule()
                        : before.contains("/webhooks/") ? b.webhook()
                        : before.contains("resources/") ? b.resource()
                        : before.contains("/reports/") ? b.report()
                        : "1";
                default -> "1";
            };
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    private static boolean operators(String template) {
        return template.startsWith("/v2/scope") || template.startsWith("/v2/summary") || template.startsWith("/v2/task/reprocess")
                || template.startsWith("/v2/audit") || template.startsWith("/v2/plugins") || template.startsWith("/v2/schedules")
                || template.startsWith("/v2/global_resources");
    }

    private static Api.Reply send(Api as, String method, String path) {
        return switch (method) {
            case "GET" -> as.get(path);
            case "DELETE" -> as.delete(path);
            case "PATCH" -> as.patch(path, "{\"data\":{}}");
            case "PUT" -> path.contains("/tasks") ? as.putCsv(path + "?category=numbers&action=add", NUMBERS) : as.put(path, "{\"data\":{}}");
            default -> as.post(path, "{\"data\":{}}");
        };
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
