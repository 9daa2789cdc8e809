package io.batchworks.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bw schedule add|list|pause|resume|delete}: the account's task schedules
 * ({@code /v2/accounts/{A}/task_schedules}). A schedule added with {@code --input} is made paused, given its input,
 * then enabled, so that no fire finds it without one.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = "Task schedules: add, list, pause, resume, delete.")
final class ScheduleCommand {

    @ParentCommand
    private BwCommand bw;

    /** When it fires: one of the two. */
    static final class When {
        @Option(names = "--every", required = true, paramLabel = "PERIOD", description = "A period, e.g. 30s, 15m, 1h, 1d.")
        String every;

        @Option(names = "--cron", required = true, paramLabel = "EXPR",
                description = "A cron expression: five fields (minute hour day month weekday) or Quartz's six with seconds.")
        String cron;
    }

    @Command(name = "add", description = "Add a schedule: a task of CATEGORY ACTION at each fire.")
    int add(@Parameters(index = "0", paramLabel = "CATEGORY") String category,
            @Parameters(index = "1", paramLabel = "ACTION") String action,
            @ArgGroup(multiplicity = "1") When when,
            @Option(names = "--time-zone", paramLabel = "ZONE", description = "The cron's time zone, e.g. Europe/Paris (default UTC).")
            String timeZone,
            @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A task parameter, e.g. --param ratedeck_id=eu.")
            Map<String, String> params,
            @Option(names = "--name", description = "A name to know it by.") String name,
            @Option(names = "--overlap", paramLabel = "POLICY",
                    description = "While the previous task still runs: skip (the default) or queue.") String overlap,
            @Option(names = "--misfire", paramLabel = "POLICY",
                    description = "Fires missed while no node ran: once (the default) or skip.") String misfire,
            @Option(names = "--input", paramLabel = "FILE", description = "The CSV each fire's task gets.") Path input,
            @Option(names = "--paused", description = "Add it paused; resume it later.") boolean paused) throws IOException {
        ObjectNode data = ApiClient.JSON.createObjectNode();
        data.put("category", category).put("action", action);
        if (name != null) {
            data.put("name", name);
        }
        if (when.every != null) {
            data.put("every", when.every);
        } else {
            data.put("cron", when.cron);
        }
        putIfGiven(data, "time_zone", timeZone);
        putIfGiven(data, "overlap", overlap);
        putIfGiven(data, "misfire", misfire);
        data.putPOJO("params", params == null ? Map.of() : params);
        data.put("enabled", !paused && input == null);
        BwCommand.AccountApi account = bw.account();
        JsonNode created = account.api().withIdempotencyKey(UUID.randomUUID().toString())
                .sendJson("PUT", account.path("task_schedules"), ApiClient.JSON.createObjectNode().set("data", data)).path("data");
        String id = created.path("id").asString();
        if (input != null) {
            created = account.api().putFile(account.path("task_schedules") + "/" + ApiClient.encode(id) + "/input?file_name="
                    + ApiClient.encode(input.getFileName().toString()), "text/csv", input, sent -> { }).path("data");
            if (!paused) {
                created = enabled(account, id, true);
            }
        }
        JsonNode schedule = created;
        return bw.print(schedule, () -> bw.out().println("added " + line(schedule)));
    }

    @Command(name = "list", description = "The account's schedules: when each fires next, and its last task.")
    int list() {
        BwCommand.AccountApi account = bw.account();
        var found = BwCommand.allPages(account.api(), account.path("task_schedules"), s -> true);
        return bw.print(found, () -> found.forEach(s -> bw.out().println(line(s))));
    }

    @Command(name = "pause", description = "Pause a schedule: it fires no more until resumed.")
    int pause(@Parameters(paramLabel = "ID") String id) {
        JsonNode schedule = enabled(bw.account(), id, false);
        return bw.print(schedule, () -> bw.out().println("paused " + line(schedule)));
    }

    @Command(name = "resume", description = "Resume a paused schedule: its fires count from now.")
    int resume(@Parameters(paramLabel = "ID") String id) {
        JsonNode schedule = enabled(bw.account(), id, true);
        return bw.print(schedule, () -> bw.out().println("resumed " + line(schedule)));
    }

    @Command(name = "delete", description = "Delete a schedule and its stored input; its tasks stay.")
    int delete(@Parameters(paramLabel = "ID") String id) {
        BwCommand.AccountApi account = bw.account();
        JsonNode schedule = account.api().delete(account.path("task_schedules") + "/" + ApiClient.encode(id)).path("data");
        return bw.print(schedule, () -> bw.out().println("deleted schedule " + id));
    }

    /** {@code ID  name  category/action  every PT1H  enabled  next 2026-...  last TASK status}. */
    static String line(JsonNode s) {
        String when = s.has("every") ? "every " + s.path("every").asString()
                : "cron '" + s.path("cron").asString() + "' " + s.path("time_zone").asString();
        JsonNode next = s.path("next_fires");
        JsonNode last = s.path("last_task");
        return s.path("id").asString() + "  " + (s.has("name") ? s.path("name").asString() + "  " : "")
                + s.path("category").asString() + "/" + s.path("action").asString() + "  " + when + "  "
                + (s.path("enabled").asBoolean() ? "enabled" : "paused")
                + (next.isEmpty() ? "" : "  next " + next.get(0).asString())
                + (last.isMissingNode() ? "" : "  last " + last.path("id").asString() + " " + last.path("status").asString());
    }

    private static JsonNode enabled(BwCommand.AccountApi account, String id, boolean enabled) {
        return account.patch("task_schedules", id, ApiClient.JSON.createObjectNode().put("enabled", enabled));
    }

    private static void putIfGiven(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, value);
        }
    }
}
