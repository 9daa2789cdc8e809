package io.batchworks.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bw stop} and {@code bw delete}: one task by its id, or with {@code --all} every task of the account that the
 * filters choose, through the engine's bulk routes, page after page. On a terminal it asks first (unless
 * {@code --yes}); the exit status is 1 when any task was refused.
 */
abstract class TaskActionCommand implements Callable<Integer> {

    @ParentCommand
    BwCommand bw;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The task; or --all with filters.")
    String id;

    @Option(names = "--all", description = "Every task of the account that the filters choose (none: every task).")
    boolean all;

    @Option(names = "--status", description = "Only tasks in this status, e.g. executing.")
    String status;

    @Option(names = "--category", description = "Only tasks of this category, e.g. rates.")
    String category;

    @Option(names = "--action", description = "Only tasks of this action, e.g. import.")
    String action;

    @Option(names = "--created-after", paramLabel = "TIME", description = "Only tasks created at or after it (ISO-8601, e.g. 2026-12-01T00:00:00Z).")
    String createdAfter;

    @Option(names = "--created-before", paramLabel = "TIME", description = "Only tasks created before it (ISO-8601).")
    String createdBefore;

    @Option(names = {"--yes", "-y"}, description = "Do not ask first.")
    boolean yes;

    /** {@code stop} or {@code delete}. */
    abstract String verb();

    /** What the reply calls the tasks it acted on: {@code stopped}, {@code deleted}. */
    abstract String done();

    /** The move on one task: the API's answer. */
    abstract JsonNode one(ApiClient api, String taskId);

    /** The move on a page of the account's tasks, {@code query} choosing them. */
    abstract JsonNode page(ApiClient api, String accountPath, String query);

    @Override
    public Integer call() {
        if ((id == null) == !all) {
            throw new ClientError("give a task's ID, or --all (with --status, --category, --action, --created-after, --created-before)");
        }
        if (id != null) {
            JsonNode task = BwCommand.readOnly(one(bw.api(), id));
            return bw.print(task, () -> bw.out().println(done() + " " + BwCommand.summary(task)));
        }
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", status);
        filters.put("category", category);
        filters.put("action", action);
        filters.put("created_after", createdAfter);
        filters.put("created_before", createdBefore);
        filters.values().removeIf(v -> v == null);
        if (bw.terminal() && !yes && !confirmed(filters)) {
            bw.out().println("nothing done");
            return 1;
        }
        BwCommand.AccountApi account = bw.account();
        StringBuilder query = new StringBuilder("page_size=1000");
        filters.forEach((k, v) -> query.append('&').append(k).append('=').append(ApiClient.encode(v)));
        ArrayNode acted = ApiClient.JSON.createArrayNode();
        ArrayNode refused = ApiClient.JSON.createArrayNode();
        String startKey = null;
        do {
            JsonNode reply = page(account.api(), account.path("tasks"), query + (startKey == null ? "" : "&start_key=" + ApiClient.encode(startKey)));
            reply.path("data").path(done()).forEach(acted::add);
            reply.path("data").path("refused").forEach(refused::add);
            startKey = reply.hasNonNull("next_start_key") ? reply.path("next_start_key").asString() : null;
        } while (startKey != null);
        ObjectNode all = ApiClient.JSON.createObjectNode();
        all.set(done(), acted);
        all.set("refused", refused);
        bw.print(all, () -> {
            acted.forEach(t -> bw.out().println(done() + " " + t.path("id").asString() + " (" + t.path("status").asString() + ")"));
            refused.forEach(t -> bw.out().println("refused " + t.path("id").asString() + ": " + t.path("message").asString()));
            bw.out().println(acted.size() + " " + done() + ", " + refused.size() + " refused");
        });
        return refused.isEmpty() ? 0 : 1;
    }

    private boolean confirmed(Map<String, String> filters) {
        List<String> chosen = new ArrayList<>();
        filters.forEach((k, v) -> chosen.add(k.replace('_', ' ') + " " + v));
        return BwCommand.ask(bw.out(), verb().substring(0, 1).toUpperCase() + verb().substring(1) + " every task of your account"
                + (chosen.isEmpty() ? "" : " with " + String.join(", ", chosen)) + "? [y/N] ", "y");
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running task at its next chunk boundary (a queued"
            + " one leaves the queue); with --all, every task the filters choose.")
    static final class Stop extends TaskActionCommand {
        @Override
        String verb() {
            return "stop";
        }

        @Override
        String done() {
            return "stopped";
        }

        @Override
        JsonNode one(ApiClient api, String taskId) {
            return api.patch(BwCommand.path(taskId) + "/stop");
        }

        @Override
        JsonNode page(ApiClient api, String accountPath, String query) {
            return api.patch(accountPath + "/stop?" + query);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a task that is not running, with its files;"
            + " with --all, every task the filters choose.")
    static final class Delete extends TaskActionCommand {
        @Override
        String verb() {
            return "delete";
        }

        @Override
        String done() {
            return "deleted";
        }

        @Override
        JsonNode one(ApiClient api, String taskId) {
            return api.delete(BwCommand.path(taskId));
        }

        @Override
        JsonNode page(ApiClient api, String accountPath, String query) {
            return api.delete(accountPath + "?" + query);
        }
    }
}
