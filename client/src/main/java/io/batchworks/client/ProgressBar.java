package io.batchworks.client;

import java.io.PrintWriter;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * A task's progress as {@code bw} shows it: on a terminal one line redrawn in place, with a bar; elsewhere (a pipe, a
 * log) plain lines, at most one every few seconds and one whenever the status changes.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_MS = 2_000;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPlain;
    private String lastStatus = "";
    private boolean drawn;

    ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bytes of an upload sent so far. */
    void upload(String name, long sent, long total) {
        String line = String.format(Locale.ROOT, "uploading %s %s %s of %s", name, bar(sent, total), bytes(sent), bytes(total));
        show(line, "uploading", sent >= total);
    }

    /** A task as {@code GET /v2/tasks/ID} describes it. */
    void task(JsonNode task) {
        String status = task.path("status").asString();
        long done = task.path("success_count").asLong() + task.path("failure_count").asLong();
        StringBuilder line = new StringBuilder(status);
        if (task.has("total_count")) {
            long total = task.path("total_count").asLong();
            line.append(' ').append(bar(done, total)).append(' ').append(number(done)).append('/').append(number(total)).append(" rows");
        } else {
            line.append(' ').append(number(done)).append(" rows");
        }
        if (task.has("rows_per_second")) {
            line.append(", ").append(number(task.path("rows_per_second").asLong())).append(" rows/s");
        }
        if (task.has("eta_seconds")) {
            line.append(", ETA ").append(duration(task.path("eta_seconds").asLong()));
        }
        if (task.path("failure_count").asLong() > 0) {
            line.append(", ").append(number(task.path("failure_count").asLong())).append(" failed");
        }
        if (task.has("queued_timestamp")) {
            line.append(", ").append(queued(task));
        }
        show(line.toString(), status, false);
    }

    /** A task waiting for a slot: {@code waiting for a slot (3rd of its account's, priority high)}. */
    static String queued(JsonNode task) {
        StringBuilder s = new StringBuilder("waiting for a slot");
        String priority = task.path("priority").asString("normal");
        if (task.has("queue_place") || !priority.equals("normal")) {
            s.append(" (");
            if (task.has("queue_place")) {
                s.append("place ").append(task.path("queue_place").asLong()).append(" in its account's queue");
            }
            if (!priority.equals("normal")) {
                s.append(task.has("queue_place") ? ", " : "").append("priority ").append(priority);
            }
            s.append(')');
        }
        return s.toString();
    }

    /** Ends the redrawn line, if any. */
    void end() {
        if (terminal && drawn) {
            out.println();
            drawn = false;
        }
        out.flush();
    }

    private void show(String line, String status, boolean last) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            drawn = true;
            return;
        }
        long now = System.currentTimeMillis();
        if (last || !status.equals(lastStatus) || now - lastPlain >= PLAIN_EVERY_MS) {
            out.println(line);
            out.flush();
            lastPlain = now;
            lastStatus = status;
        }
    }

    static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "%";
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds < 3600 ? (seconds / 60) + " min " + (seconds % 60) + " s"
                : (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    private static String bytes(long n) {
        return n < 1 << 20 ? String.format(Locale.ROOT, "%.1f kB", n / 1024.0) : String.format(Locale.ROOT, "%.1f MB", n / 1048576.0);
    }
}
