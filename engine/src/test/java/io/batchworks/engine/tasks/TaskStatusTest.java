package io.batchworks.engine.tasks;

import static io.batchworks.engine.tasks.TaskStatus.EXECUTING;
import static io.batchworks.engine.tasks.TaskStatus.FAILURE;
import static io.batchworks.engine.tasks.TaskStatus.INTERNAL_ERROR;
import static io.batchworks.engine.tasks.TaskStatus.PARTIAL;
import static io.batchworks.engine.tasks.TaskStatus.PENDING;
import static io.batchworks.engine.tasks.TaskStatus.STOPPED;
import static io.batchworks.engine.tasks.TaskStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import io.batchworks.engine.tasks.TaskStatus.Move;
import io.batchworks.plugin.tasks.TaskState;

import org.junit.jupiter.api.Test;

/** The table of task moves: from which status each move is allowed, and the names the API and plugins use. */
class TaskStatusTest {

    @Test
    void aTaskRunsFromPendingOrAgainFromStoppedOrInternalErrorOnly() {
        assertThat(Move.START.from()).containsExactly(PENDING);
        assertThat(Move.RESTART.from()).containsExactlyInAnyOrder(STOPPED, INTERNAL_ERROR);
        for (TaskStatus ranToCompletion : new TaskStatus[] {SUCCESS, PARTIAL, FAILURE}) {
            assertThat(Arrays.stream(Move.values()).filter(ranToCompletion::allows)).as(ranToCompletion.wire())
                    .containsExactly(Move.DELETE);
        }
    }

    @Test
    void onlyAnExecutingTaskStopsOrFinishesAndItCannotBeDeleted() {
        assertThat(Move.STOP.from()).as("a pending task only while queued for a slot").containsExactly(PENDING, EXECUTING);
        assertThat(Move.FINISH.from()).containsExactly(EXECUTING);
        assertThat(EXECUTING.allows(Move.DELETE)).isFalse();
        assertThat(Arrays.stream(TaskStatus.values()).filter(s -> s != EXECUTING).allMatch(s -> s.allows(Move.DELETE))).isTrue();
    }

    @Test
    void recoveryResumesRunsAskedForThatDidNotGoOn() {
        assertThat(Move.RESUME.from()).containsExactlyInAnyOrder(PENDING, EXECUTING, INTERNAL_ERROR);
        assertThat(Move.RESUME.fromNames()).containsExactlyInAnyOrder("pending", "executing", "internal_error");
    }

    @Test
    void statusesKeepKazoosNamesAndPluginApisConstants() {
        assertThat(Arrays.stream(TaskStatus.values()).map(TaskStatus::wire)).containsExactly(TaskState.PENDING,
                TaskState.EXECUTING, TaskState.SUCCESS, TaskState.PARTIAL, TaskState.FAILURE, TaskState.STOPPED,
                TaskState.INTERNAL_ERROR);
        assertThat(TaskStatus.of("internal_error")).isEqualTo(INTERNAL_ERROR);
        assertThatThrownBy(() -> TaskStatus.of("done")).hasMessageContaining("unknown task status done");
    }
}
