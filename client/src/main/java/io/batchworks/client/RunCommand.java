package io.batchworks.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code bw run CATEGORY ACTION [FILE] [--param k=v ...] [--wait]}: creates a task (uploading the file with a progress
 * bar), starts it and, with {@code --wait}, follows it to its end. The exit status says how it went: 0 success,
 * 3 partial, 1 anything else.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Create a task from a file, start it, and (with --wait) follow it to its end.")
final class RunCommand implements Callable<Integer> {

    static final int PARTIAL = 3;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int UPLOAD_ATTEMPTS = 3;

    @ParentCommand
    private BwCommand bw;

    @Parameters(index = "0", paramLabel = "CATEGORY", description = "e.g. rates")
    String category;

    @Parameters(index = "1", paramLabel = "ACTION", description = "e.g. import")
    String action;

    @Parameters(index = "2", arity = "0..1", paramLabel = "FILE", description = "The task's CSV input, if it takes one.")
    Path file;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A task parameter, e.g. --param ratedeck_id=eu.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--wait", description = "Follow the task to its end; the exit status says how it went.")
    boolean wait;

    @Option(names = "--after", split = ",", paramLabel = "ID",
            description = "Tasks to wait for: the task starts by itself once they have ended (e.g. --after ID1,ID2).")
    List<String> after = new ArrayList<>();

    @Option(names = "--after-status", paramLabel = "STATUS",
            description = "What the tasks waited for must end as: success, success_or_partial (the default) or any.")
    String afterStatus;

    @Option(names = "--priority", paramLabel = "PRIORITY",
            description = "Its place in its account's queue of tasks waiting for a slot: high, normal (the default) or low.")
    String priority;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ApiClient api = bw.api();
        StringBuilder path = new StringBuilder("/v2/tasks?category=").append(ApiClient.encode(category))
                .append("&action=").append(ApiClient.encode(action));
        params.forEach((k, v) -> path.append('&').append(ApiClient.encode(k)).append('=').append(ApiClient.encode(v)));
        if (!after.isEmpty()) {
            path.append("&after=").append(ApiClient.encode(String.join(",", after)));
        }
        if (afterStatus != null) {
            path.append("&after_status=").append(ApiClient.encode(afterStatus));
        }
        if (priority != null) {
            path.append("&priority=").append(ApiClient.encode(priority));
        }
        // one key for every attempt: the engine makes one task however often the create is sent
        ApiClient creating = api.withIdempotencyKey(UUID.randomUUID().toString());
        JsonNode created;
        if (file == null) {
            created = creating.put(path.toString());
        } else {
            if (!Files.isRegularFile(file)) {
                throw new ClientError("no such file: " + file);
            }
            created = upload(creating, path.toString());
        }
        String id = BwCommand.readOnly(created).path("id").asString();
        if (!after.isEmpty() && !wait) { // it starts by itself
            JsonNode waiting = BwCommand.readOnly(created);
            return bw.print(waiting, () -> bw.out().println("created " + BwCommand.summary(waiting) + ", waiting for "
                    + String.join(", ", after) + "\nfollow it with: bw task " + id));
        }
        JsonNode started = after.isEmpty() ? BwCommand.readOnly(api.patch(BwCommand.path(id))) : null;
        if (!wait) {
            return bw.print(started, () -> bw.out().println("started " + BwCommand.summary(started)
                    + "\nfollow it with: bw task " + id));
        }
        return follow(bw, api, id);
    }

    /** Uploads the file with a progress bar; a connection lost on the way is tried again, twice, with the same key. */
    private JsonNode upload(ApiClient creating, String path) throws IOException {
        long size = Files.size(file);
        for (int attempt = 1; ; attempt++) {
            ProgressBar upload = new ProgressBar(bw.progressOut(), bw.terminal());
            try {
                JsonNode created = creating.putFile(path, "text/csv", file, sent -> upload.upload(file.getFileName().toString(), sent, size));
                upload.end();
                return created;
            } catch (IOException lost) {
                upload.end();
                if (attempt == UPLOAD_ATTEMPTS) {
                    throw lost;
                }
                bw.progressOut().println("upload cut off (" + lost.getMessage() + "); sending it again");
            }
        }
    }

    /**
     * Follows a task to its end with a progress bar; Ctrl-C on a terminal asks whether to stop the task or only detach.
     *
     * @return the exit status for how the task ended
     */
    static int follow(BwCommand bw, ApiClient api, String id) throws InterruptedException {
        ProgressBar progress = new ProgressBar(bw.progressOut(), bw.terminal());
        AtomicBoolean interrupted = new AtomicBoolean();
        Runnable restore = bw.terminal() ? Interrupts.onInterrupt(() -> interrupted.set(true)) : () -> { };
        try {
            JsonNode task;
            while (true) {
                task = BwCommand.readOnly(api.get(BwCommand.path(id)));
                progress.task(task);
                String status = task.path("status").asString();
                if (!status.equals("pending") && !status.equals("executing") && !task.has("retry_timestamp")) { // else resumed soon
                    break;
                }
                if (interrupted.getAndSet(false)) {
                    progress.end();
                    if (!askStop(bw)) {
                        bw.progressOut().println("detached; the task goes on: bw task " + id);
                        return 0;
                    }
                    api.patch(BwCommand.path(id) + "/stop");
                }
                Thread.sleep(POLL.toMillis());
            }
            progress.end();
            JsonNode done = task;
            String status = done.path("status").asString();
            bw.print(done, () -> {
                bw.out().println(BwCommand.summary(done));
                for (JsonNode csv : done.path("csvs")) {
                    if (csv.asString().equals("out.csv")) {
                        bw.out().println("out.csv: bw download " + id + "  (" + api.base() + BwCommand.path(id) + "?csv_name=out.csv)");
                    }
                }
            });
            return switch (status) {
                case "success" -> 0;
                case "partial" -> PARTIAL;
                default -> 1;
            };
        } finally {
            restore.run();
        }
    }

    private static boolean askStop(BwCommand bw) {
        return BwCommand.ask(bw.progressOut(), "Stop the task (s) or detach and leave it running (d)? [d] ", "s");
    }
}
