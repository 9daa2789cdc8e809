package io.batchworks.engine.tasks;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.tasks.TaskState;

/**
 * A task's status, by Kazoo's names, and the one table of where a task may go from each. {@link TaskLifecycle}
 * performs the moves; everything else asks it.
 *
 * <pre>
 * pending ──start──▶ pending, queued ──dispatch──▶ executing   (a slot of a node, within its account's limit)
 * stopped | internal_error ──restart──▶ pending, queued          (stop: a queued task leaves the queue, stopped)
 * executing ──finish──▶ success | partial | failure    (ran to completion: final)
 *     │    └───finish──▶ stopped | internal_error
 *     └─stop: the job stops at its next chunk boundary, then finishes as stopped
 * pending | executing | internal_error ──resume──▶ executing   (recovery: a crashed or stalled run goes on)
 * pending ──forgo──▶ failure   (a task it waited for ended otherwise, or was deleted: it never runs)
 * </pre>
 */
public enum TaskStatus {

    PENDING(TaskState.PENDING),
    EXECUTING(TaskState.EXECUTING),
    SUCCESS(TaskState.SUCCESS),
    PARTIAL(TaskState.PARTIAL),
    FAILURE(TaskState.FAILURE),
    STOPPED(TaskState.STOPPED),
    INTERNAL_ERROR(TaskState.INTERNAL_ERROR);

    /** What can happen to a task, each allowed from some statuses only. */
    public enum Move {
        /** Run a task never run ({@code PATCH}). */
        START(EnumSet.of(PENDING)),
        /** Run a stopped or failed task again from its last committed chunk ({@code PATCH}). */
        RESTART(EnumSet.of(STOPPED, INTERNAL_ERROR)),
        /** Take over a run asked for that did not go on: its node died, or it never began (recovery). */
        RESUME(EnumSet.of(PENDING, EXECUTING, INTERNAL_ERROR)),
        /** Ask a running task to stop at its next chunk boundary, or take a task out of the queue of those waiting for a slot. */
        STOP(EnumSet.of(EXECUTING, PENDING)),
        /** Record how a run ended. */
        FINISH(EnumSet.of(EXECUTING)),
        /** End a waiting task {@code failure} without running it: a task it waited for ended otherwise. */
        FORGO(EnumSet.of(PENDING)),
        /** Forget a task and its files. */
        DELETE(EnumSet.complementOf(EnumSet.of(EXECUTING)));

        private final Set<TaskStatus> from;

        Move(Set<TaskStatus> from) {
            this.from = from;
        }

        /** The statuses this move is allowed from. */
        public Set<TaskStatus> from() {
            return from;
        }

        /** The statuses this move is allowed from, by name, for a query. */
        public List<String> fromNames() {
            return from.stream().map(TaskStatus::wire).toList();
        }

        /** The one refusal of a move: 409, naming the task's status and the statuses the move is allowed from. */
        public ApiException refusal(Task task, String why) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", task.id());
            data.put("status", task.status().wire());
            data.put("allowed_from", fromNames());
            return new ApiException(409, "cannot " + name().toLowerCase() + " a task that is " + task.status().wire()
                    + (why == null ? "" : ": " + why), data);
        }
    }

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    /** The status's name in the API and in {@code bw_task}. */
    public String wire() {
        return wire;
    }

    /** Every status's name, in the order of the table. */
    public static List<String> names() {
        return Arrays.stream(values()).map(TaskStatus::wire).toList();
    }

    public static TaskStatus of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task status " + wire));
    }

    public boolean allows(Move move) {
        return move.from.contains(this);
    }

    @Override
    public String toString() {
        return wire;
    }
}
