package io.batchworks.plugin.jobs;

import java.util.List;
import java.util.Map;

/**
 * Work that runs as one Spring Batch job execution per key, in the engine's job repository: a key whose run
 * completed never runs again, one that is running (on any node) is not started twice, and one that failed can be
 * run again (a new execution of the same job instance). A transmission keyed by (report, slot) is sent at most once
 * this way, across restarts and nodes.
 */
public interface Jobs {

    /** How {@link #runOnce} ended. */
    enum Outcome {
        /** This call ran every step. */
        COMPLETED,
        /** This call ran, and a step threw: the key may be run again. */
        FAILED,
        /** The key had completed before; nothing ran. */
        ALREADY_COMPLETED,
        /** The key is running elsewhere (or was left running by a node that died); nothing ran. */
        ALREADY_RUNNING
    }

    /**
     * What a run came to.
     *
     * @param outcome how it ended
     * @param failure the first step failure's message, for {@link Outcome#FAILED}
     */
    record Run(Outcome outcome, String failure) {
    }

    /**
     * One step of a job.
     *
     * @param name the step's name in the job repository
     * @param work what it does; it may read and write {@code context}, which the next steps see
     */
    record Step(String name, StepWork work) {
    }

    /** A step's work. */
    @FunctionalInterface
    interface StepWork {
        /** Does the step; throwing fails the step and the run. */
        void run(Map<String, String> context) throws Exception;
    }

    /**
     * Runs the steps in order, on this thread, as job {@code name} identified by {@code key}, unless that key already
     * completed or is running.
     */
    Run runOnce(String name, Map<String, String> key, List<Step> steps);
}
