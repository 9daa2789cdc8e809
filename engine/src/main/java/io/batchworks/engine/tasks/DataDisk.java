package io.batchworks.engine.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.batchworks.engine.EngineSettings;

import org.springframework.stereotype.Component;

/**
 * The disk of the engine's data directory, where uploads, tasks' files and the embedded database are written: tells a
 * write that failed because it is full. Neither the JDK nor HSQLDB always says so (a write that stored only part of
 * its bytes fails with a message of its own; HSQLDB reports a data file it cannot grow), so a failed write counts as
 * one when the disk has less than {@link #FULL_BELOW} bytes left.
 */
@Component
public class DataDisk {

    /** Less room than this is a full disk. */
    static final long FULL_BELOW = 1 << 20;

    private final Path dataDir;

    DataDisk(EngineSettings settings) {
        this.dataDir = settings.dataDir();
    }

    /** Whether {@code failure} holds a write the full disk refused. */
    public boolean filled(Throwable failure) {
        return Faults.diskFull(failure) || Faults.holdsStorageFailure(failure) && full();
    }

    /** What an operator is told of such a failure. */
    String reason() {
        return "the disk of the data directory " + dataDir.toAbsolutePath().normalize()
                + " is full; the task resumes from its last committed chunk once space is freed";
    }

    private boolean full() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace() < FULL_BELOW;
        } catch (IOException e) {
            return false;
        }
    }
}
