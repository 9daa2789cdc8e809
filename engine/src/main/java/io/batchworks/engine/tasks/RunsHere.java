package io.batchworks.engine.tasks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs on this node's threads, by task, and the slots each holds. A run counts from before its task is claimed or
 * resumed for this node to after its end is recorded, so a task recorded as executing here that has no count was cut
 * off.
 */
final class RunsHere {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, Integer> slots = new ConcurrentHashMap<>();

    boolean has(String taskId) {
        return counts.containsKey(taskId);
    }

    void add(String taskId) {
        counts.merge(taskId, 1, Integer::sum);
    }

    /** One run of the task fewer; true when it has none left here (and so holds no slot). */
    boolean remove(String taskId) {
        if (counts.merge(taskId, -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
            slots.remove(taskId);
            return true;
        }
        return false;
    }

    /** The task's runs here hold {@code n} slots (one unless said). */
    void hold(String taskId, int n) {
        slots.put(taskId, n);
    }

    /** How many of this node's slots the runs here hold. */
    int busySlots() {
        int busy = 0;
        for (String taskId : counts.keySet()) {
            busy += slots.getOrDefault(taskId, 1);
        }
        return busy;
    }

    Set<String> tasks() {
        return Set.copyOf(counts.keySet());
    }
}
