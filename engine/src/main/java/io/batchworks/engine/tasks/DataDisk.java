package io.batchworks.engine.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.EngineSettings;
import io.batchworks.plugin.ApiException;

import org.springframework.stereotype.Component;

/**
 * The disk of the engine's data directory, where uploads, tasks' files and the embedded database are written: tells a
 * write that failed because it is full, and what that means for an upload and for a run. Neither the JDK nor HSQLDB always says so (a write that stored only part of
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

    /**
     * The answer to an upload the full disk cut off: 507, naming the setting. What the client still sends is read and
     * dropped first, so that it reads the answer instead of a connection reset under its feet; the body caps bound
     * that, in size and pace.
     */
    static ApiException uploadRefused(HttpServletRequest request) {
        try (InputStream rest = request.getInputStream()) {
            rest.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the client went, or ran over a cap: the answer goes out all the same
        }
        return new ApiException(507, "insufficient storage", Map.of("message",
                "the disk of the engine's data directory is full; nothing of this upload was kept", "setting", "batchworks.data-dir"));
    }

    private boolean full() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace() < FULL_BELOW;
        } catch (IOException e) {
            return false;
        }
    }
}
