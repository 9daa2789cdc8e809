package io.batchworks.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The {@code bw} command: its options, what its commands share (the session, the API, printing), and its commands
 * over the public API, one method each; {@code run}, {@code stop}, {@code delete}, {@code schedule}, {@code webhooks}, {@code rate} and {@code sample} have classes of their own.
 */
@Command(name = "bw", mixinStandardHelpOptions = true, versionProvider = Bw.Version.class,
        description = "Batchworks from the command line.", subcommands = {RunCommand.class, TaskActionCommand.Stop.class, TaskActionCommand.Delete.class, ScheduleCommand.class,
                WebhooksCommand.class, RateCommand.class, SampleCommand.class})
final class BwCommand implements Runnable {

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's answers as JSON, for scripts.")
    boolean json;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final OutputStream data;
    private final boolean terminal;

    BwCommand(Map<String, String> env, OutputStream data, boolean terminal) {
        this.env = env;
        this.data = data;
        this.terminal = terminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    Map<String, String> env() {
        return env;
    }

    OutputStream data() {
        return data;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean terminal() {
        return terminal;
    }

    /** Where progress goes: with {@code --json} standard error, so that standard output is the API's JSON alone. */
    PrintWriter progressOut() {
        return json ? spec.commandLine().getErr() : out();
    }

    Session session() {
        try {
            return Session.load(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApiClient api() {
        return api(session());
    }

    ApiClient api(Session session) {
        return new ApiClient(session.url(), session.token());
    }

    /** The API and the session's account. */
    record AccountApi(ApiClient api, String id) {
        /** The path of one of the account's resources, e.g. {@code task_schedules}. */
        String path(String resource) {
            return "/v2/accounts/" + ApiClient.encode(id) + "/" + resource;
        }

        /** {@code PATCH} of one of them, e.g. {@code {"enabled": false}}: the changed document. */
        JsonNode patch(String resource, String itemId, tools.jackson.databind.node.ObjectNode changes) {
            return api.sendJson("PATCH", path(resource) + "/" + ApiClient.encode(itemId), ApiClient.JSON.createObjectNode().set("data", changes))
                    .path("data");
        }
    }

    AccountApi account() {
        Session session = session();
        ApiClient api = api(session);
        return new AccountApi(api, accountId(session, api));
    }

    /** Every entry of a Kazoo list that {@code keep} keeps, page after page ({@code start_key}). */
    static ArrayNode allPages(ApiClient api, String path, java.util.function.Predicate<JsonNode> keep) {
        ArrayNode found = ApiClient.JSON.createArrayNode();
        String startKey = null;
        do {
            JsonNode page = api.get(path + "?page_size=100" + (startKey == null ? "" : "&start_key=" + ApiClient.encode(startKey)));
            page.path("data").forEach(entry -> {
                if (keep.test(entry)) {
                    found.add(entry);
                }
            });
            startKey = page.hasNonNull("next_start_key") ? page.path("next_start_key").asString() : null;
        } while (startKey != null);
        return found;
    }

    /** The session's account: as remembered at login, or asked of the engine. */
    static String accountId(Session session, ApiClient api) {
        return session.accountId() != null ? session.accountId() : api.get("/v2/token_auth").path("data").path("account_id").asString();
    }

    /** Asks on the terminal; true when the answer begins with {@code yes} (e.g. {@code y} for yes). */
    static boolean ask(PrintWriter out, String question, String yes) {
        out.print(question);
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith(yes);
        } catch (IOException e) {
            return false;
        }
    }

    /** Prints the API's answer as JSON under {@code --json}, else as people read it; exit status 0. */
    int print(JsonNode answer, Runnable forPeople) {
        if (json) {
            out().println(answer.toPrettyString());
        } else {
            forPeople.run();
        }
        out().flush();
        return 0;
    }

    @Command(name = "login", description = "Remember an engine and a token (from --token, --token-file or BW_TOKEN), checked against the engine.")
    int login(@Parameters(paramLabel = "URL", description = "The engine, e.g. http://localhost:8000") String url,
              @Option(names = "--token", description = "The token itself.") String token,
              @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the token, e.g. data/admin-token.")
              Path tokenFile) throws IOException {
        String chosen = token != null ? token : tokenFile != null ? Files.readString(tokenFile).strip() : env().get("BW_TOKEN");
        if (chosen == null || chosen.isBlank()) {
            throw new ClientError("a token is needed: --token, --token-file or BW_TOKEN");
        }
        JsonNode who = new ApiClient(url, chosen).get("/v2/token_auth").path("data");
        new Session(url, chosen, who.path("account_id").asString()).save(env());
        return print(who, () -> out().println("logged in to " + url + " as " + who.path("name").asString()
                + " (account " + who.path("account_id").asString() + "); kept in " + Session.file(env())));
    }

    @Command(name = "help", description = "What the engine's task types do and the fields they take (no token needed).")
    int help(@Parameters(paramLabel = "CATEGORY", arity = "0..1") String category,
             @Parameters(paramLabel = "ACTION", arity = "0..1") String action) {
        StringBuilder query = new StringBuilder("/v2/tasks");
        if (category != null) {
            query.append("?category=").append(ApiClient.encode(category));
            if (action != null) {
                query.append("&action=").append(ApiClient.encode(action));
            }
        }
        JsonNode tasks = anonymous().get(query.toString()).path("data").path("tasks");
        return print(tasks, () -> tasks.properties().forEach(c -> c.getValue().properties().forEach(a -> {
            JsonNode t = a.getValue();
            PrintWriter out = out();
            out.println(c.getKey() + " " + a.getKey() + ": " + t.path("description").asString());
            if (!t.path("doc").asString().isBlank()) {
                out.println("  " + t.path("doc").asString());
            }
            if (t.has("expected_content")) {
                out.println("  input: " + t.path("expected_content").asString() + "; mandatory: " + join(t.path("mandatory"))
                        + "; optional: " + join(t.path("optional")));
            }
        })));
    }

    @Command(name = "tasks", description = "The account's tasks, newest first.")
    int tasks(@Option(names = "--status", description = "Only tasks in this status, e.g. executing.") String status,
              @Option(names = "--category", description = "Only tasks of this category, e.g. rates.") String category) {
        Session session = session();
        ApiClient api = api(session);
        String account = accountId(session, api);
        ArrayNode found = allPages(api, "/v2/accounts/" + ApiClient.encode(account) + "/tasks",
                task -> (status == null || status.equals(task.path("status").asString()))
                        && (category == null || category.equals(task.path("category").asString())));
        return print(found, () -> found.forEach(t -> out().println(summary(t))));
    }

    @Command(name = "task", description = "One task: its status and counts.")
    int task(@Parameters(paramLabel = "ID") String id) {
        JsonNode task = readOnly(api().get(path(id)));
        return print(task, () -> out().println(summary(task)));
    }

    @Command(name = "restart", description = "Start a task again from its last committed chunk (or start a pending one).")
    int restart(@Parameters(paramLabel = "ID") String id,
                @Option(names = "--wait", description = "Follow it to its end; the exit status says how it went.") boolean wait)
            throws InterruptedException {
        ApiClient api = api();
        JsonNode task = readOnly(api.patch(path(id)));
        return wait ? RunCommand.follow(this, api, id) : print(task, () -> out().println(summary(task)));
    }

    @Command(name = "download", description = "Save a task's out.csv (failed rows with their reasons, or an export's rows).")
    int download(@Parameters(paramLabel = "ID") String id,
                 @Option(names = "--out", paramLabel = "FILE", description = "Where to save it (default: ID_out.csv).") Path out,
                 @Option(names = "--csv", defaultValue = "out.csv", description = "in.csv or out.csv (default: ${DEFAULT-VALUE}).")
                 String csv) throws IOException {
        Path target = out != null ? out : Path.of(id + "_" + csv.replace(".csv", "") + ".csv");
        long bytes = api().download(path(id) + "?csv_name=" + ApiClient.encode(csv), "text/csv", target);
        out().println("saved " + csv + " of " + id + " to " + target + " (" + ProgressBar.number(bytes) + " bytes)");
        return 0;
    }

    @Command(name = "plugins", description = "The plugins the engine loaded or refused, and why (super admins).")
    int plugins() {
        JsonNode data = api().get("/v2/plugins").path("data");
        return print(data, () -> data.path("plugins").forEach(p -> out().println(p.path("file").asString() + ": "
                + p.path("state").asString() + (p.has("version") ? " " + p.path("id").asString() + " " + p.path("version").asString() : "")
                + (p.has("reason") ? " (" + p.path("reason").asString() + ")" : " " + join(p.path("task_types"))))));
    }

    static String path(String id) {
        return "/v2/tasks/" + ApiClient.encode(id);
    }

    static JsonNode readOnly(JsonNode reply) {
        return reply.path("data").path("_read_only");
    }

    /** {@code ID  category/action  status  success/failure/total}, and its place while it waits for a slot. */
    static String summary(JsonNode t) {
        String counts = t.has("success_count") ? ProgressBar.number(t.path("success_count").asLong()) + " written, "
                + ProgressBar.number(t.path("failure_count").asLong()) + " failed" : "not started";
        return t.path("id").asString() + "  " + t.path("category").asString() + "/" + t.path("action").asString() + "  "
                + t.path("status").asString() + "  " + counts
                + (t.has("total_count") ? " of " + ProgressBar.number(t.path("total_count").asLong()) : "")
                + (t.has("queued_timestamp") ? ", " + ProgressBar.queued(t) : "");
    }

    private ApiClient anonymous() {
        try {
            return api();
        } catch (ClientError notLoggedIn) {
            String url = env().get("BW_URL");
            if (url == null) {
                throw notLoggedIn;
            }
            return new ApiClient(url, null);
        }
    }

    private static String join(JsonNode names) {
        List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.asString()));
        return list.isEmpty() ? "-" : String.join(", ", list);
    }
}
