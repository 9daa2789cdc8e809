package io.batchworks.client;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Ctrl-C (SIGINT) turned into a question instead of the end of {@code bw}, while a task is followed on a terminal. */
final class Interrupts {

    private Interrupts() {
    }

    /** Calls {@code action} on Ctrl-C instead of exiting; the returned runnable puts the usual behaviour back. */
    static Runnable onInterrupt(Runnable action) {
        Signal interrupt = new Signal("INT");
        SignalHandler previous = Signal.handle(interrupt, signal -> action.run());
        return () -> Signal.handle(interrupt, previous);
    }
}
