package io.batchworks.engine.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.engine.Ids;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Events the webhooks tell of, written into {@code bw_event} in the caller's transaction: the one that makes the change
 * the event tells of, so that a change is never kept without its event, nor an event without its change. A sender
 * delivers them later, at least once.
 */
@Component
public class Outbox {

    /** The hooks an event may be of. */
    public enum Hook {
        /** A task started, ended (with its status and counts) or was stopped. */
        TASK,
        /** A schedule's fire was skipped, or fires were missed while no node ran. */
        SCHEDULE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Outbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records an event of {@code accountId} about {@code subjectId} (a task, a schedule): {@code fields} become its
     * payload, after {@code hook_event}, {@code event_id}, {@code account_id} and {@code timestamp}.
     */
    public void record(Hook hook, String accountId, String subjectId, Map<String, ?> fields) {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hook_event", hook.wire());
        payload.put("event_id", id);
        payload.put("account_id", accountId);
        payload.put("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(now)));
        payload.putAll(fields);
        jdbc.sql("INSERT INTO bw_event (id, account_id, hook, subject_id, payload, created) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, accountId, hook.wire(), subjectId, json.writeValueAsString(payload), now).update();
    }
}
