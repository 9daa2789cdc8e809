package io.batchworks.engine.schedules;

import io.batchworks.engine.schedules.Overlap.Choice;

/** What the fires a schedule missed while no node ran become, once a node runs again. */
enum Misfire {
    /** None: the schedule goes on from its next fire time. */
    SKIP,
    /** One fire, at once, however many were missed; then the schedule goes on. */
    ONCE;

    static Misfire of(String wire) {
        return Choice.of(Misfire.class, "misfire", wire, ONCE);
    }
}
