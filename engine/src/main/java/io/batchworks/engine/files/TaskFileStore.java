package io.batchworks.engine.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.engine.EngineSettings;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tasks' files kept in the engine's database ({@code batchworks.task-files=database}), so that every node reads what
 * any node wrote: each file ({@link #IN}, {@link #OUT}) is a run of numbered pieces, written and read one piece at a
 * time, never whole in memory. Pieces are read in the order of their numbers, which may have gaps.
 */
@Component
public class TaskFileStore {

    /** A task's input. */
    public static final String IN = "in.csv";
    /** A task's output. */
    public static final String OUT = "out.csv";

    /** The size of the pieces a whole file is stored in. */
    static final int PIECE = 1 << 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean inUse;
    /** The local copies being fetched, each by one thread. */
    private final Map<Path, Object> fetching = new ConcurrentHashMap<>();

    TaskFileStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, EngineSettings settings) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.inUse = settings.taskFiles() == EngineSettings.Storage.DATABASE;
    }

    /** Whether tasks' files are kept here ({@code batchworks.task-files=database}), not only on the nodes' disks. */
    public boolean inUse() {
        return inUse;
    }

    /** Copies the stored file to {@code target} when this node has no copy of it yet and the files are kept here. */
    public void fetchIfMissing(String taskId, String name, Path target) throws IOException {
        if (!inUse || Files.exists(target)) {
            return;
        }
        Object lock = fetching.computeIfAbsent(target, t -> new Object());
        try {
            synchronized (lock) { // several partitions of a task begin at once: one fetches, the others wait for its copy
                if (!Files.exists(target) && has(taskId, name)) {
                    fetch(taskId, name, target);
                }
            }
        } finally {
            fetching.remove(target, lock);
        }
    }

    /** Whether the file has any piece. */
    public boolean has(String taskId, String name) {
        ResultSetExtractor<Boolean> any = ResultSet::next;
        return Boolean.TRUE.equals(jdbc.query("SELECT 1 FROM bw_task_file WHERE task_id = ? AND name = ? FETCH FIRST 1 ROWS ONLY",
                any, taskId, name));
    }

    /** Replaces the stored file with the bytes of {@code file}, in one transaction: all of it or, after a crash, none. */
    public void store(String taskId, String name, Path file) throws IOException {
        try {
            transaction.executeWithoutResult(status -> {
                remove(taskId, name);
                byte[] buffer = new byte[PIECE];
                try (InputStream in = Files.newInputStream(file)) {
                    int seq = 0;
                    for (int n = in.readNBytes(buffer, 0, PIECE); n > 0; n = in.readNBytes(buffer, 0, PIECE)) {
                        put(taskId, name, seq++, n == PIECE ? buffer : Arrays.copyOf(buffer, n));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Adds piece {@code seq}, in the caller's transaction if there is one (a chunk's output lines, say). */
    public void put(String taskId, String name, int seq, byte[] data) {
        jdbc.update("INSERT INTO bw_task_file (task_id, name, seq, data) VALUES (?, ?, ?, ?)", taskId, name, seq, data);
    }

    /** The bytes of a task's stored files. */
    public long bytes(String taskId) {
        Long bytes = jdbc.queryForObject("SELECT COALESCE(SUM(OCTET_LENGTH(data)), 0) FROM bw_task_file WHERE task_id = ?", Long.class,
                taskId);
        return bytes == null ? 0 : bytes;
    }

    /** Removes one file. */
    public void remove(String taskId, String name) {
        jdbc.update("DELETE FROM bw_task_file WHERE task_id = ? AND name = ?", taskId, name);
    }

    /** Removes every file of a task. */
    public void delete(String taskId) {
        jdbc.update("DELETE FROM bw_task_file WHERE task_id = ?", taskId);
    }

    /** The stored file as a stream that reads one piece at a time. */
    public InputStream open(String taskId, String name) {
        return new Pieces(taskId, name);
    }

    /** Copies the stored file to {@code target}: into a file beside it first, moved into place once complete. */
    public void fetch(String taskId, String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".fetching");
        try (InputStream in = open(taskId, name); OutputStream out = Files.newOutputStream(partial)) {
            in.transferTo(out);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The pieces in order, each fetched when the one before is read. */
    private final class Pieces extends InputStream {
        private final String taskId;
        private final String name;
        private int seq = -1;
        private byte[] piece = new byte[0];
        private int at;
        private boolean ended;

        Pieces(String taskId, String name) {
            this.taskId = taskId;
            this.name = name;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (at == piece.length) {
                if (ended || !next()) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            return n;
        }

        private boolean next() {
            ResultSetExtractor<Boolean> first = rs -> {
                if (!rs.next()) {
                    return false;
                }
                seq = rs.getInt(1);
                piece = rs.getBytes(2);
                at = 0;
                return true;
            };
            return Boolean.TRUE.equals(jdbc.query("SELECT seq, data FROM bw_task_file WHERE task_id = ? AND name = ? AND seq > ?"
                    + " ORDER BY seq FETCH FIRST 1 ROWS ONLY", first, taskId, name, seq));
        }
    }
}
