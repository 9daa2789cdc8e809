package io.batchworks.engine.tasks;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.web.KazooEnvelope;

/** Tasks and task types as the Kazoo tasks API shows them. */
final class TaskViews {

    private TaskViews() {
    }

    /** Kazoo's help entry of a task type. */
    static Map<String, Object> help(TaskType type) {
        Map<String, Object> help = new LinkedHashMap<>();
        help.put("description", type.description());
        if (type.doc() != null) {
            help.put("doc", type.doc());
        }
        if (type.expectedContent() != null) {
            help.put("expected_content", type.expectedContent());
        }
        help.put("mandatory", type.mandatory());
        help.put("optional", type.optional());
        return help;
    }

    /** A task's {@code _read_only} object, with live progress while it executes. */
    static Map<String, Object> readOnly(Task t, TaskFiles files) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("account_id", t.accountId());
        v.put("auth_account_id", t.authAccountId());
        v.put("category", t.category());
        v.put("action", t.action());
        if (t.fileName() != null) {
            v.put("file_name", t.fileName());
        }
        v.put("created", gregorian(t.created()));
        v.put("status", t.status().wire());
        if (t.totalCount() != null) {
            v.put("total_count", t.totalCount());
        }
        if (t.started() != null) {
            v.put("success_count", t.successCount());
            v.put("failure_count", t.failureCount());
            v.put("start_timestamp", gregorian(t.started()));
            v.put("node", t.node());
        }
        if (t.ended() != null && t.status() != TaskStatus.EXECUTING) {
            v.put("end_timestamp", gregorian(t.ended()));
        }
        if (t.status() == TaskStatus.EXECUTING && t.runStarted() != null) {
            progress(t, v);
        }
        List<String> csvs = new ArrayList<>();
        for (String name : List.of(TaskFiles.IN, TaskFiles.OUT)) {
            if (Files.exists(files.file(t.id(), name))) {
                csvs.add(name);
            }
        }
        if (!csvs.isEmpty()) {
            v.put("csvs", csvs);
        }
        return v;
    }

    private static void progress(Task t, Map<String, Object> v) {
        double seconds = Math.max(0.001, (System.currentTimeMillis() - t.runStarted()) / 1000.0);
        long done = t.successCount() + t.failureCount();
        double rate = (done - t.runBaseCount()) / seconds;
        v.put("rows_per_second", Math.round(rate));
        if (t.totalCount() != null && rate > 0) {
            v.put("eta_seconds", Math.round(Math.max(0, t.totalCount() - done) / rate));
        }
    }

    private static long gregorian(long epochMillis) {
        return KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(epochMillis));
    }
}
