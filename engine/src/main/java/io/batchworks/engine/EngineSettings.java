package io.batchworks.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * The engine's own settings ({@code batchworks.*}).
 *
 * @param dataDir     HSQLDB files, uploaded inputs and task outputs
 * @param pluginsDir  where plugin JARs are loaded from
 * @param node        this engine's name in task records (Kazoo's {@code node})
 * @param taskThreads this node's slots: how many tasks run at once on it (a split task holds a slot per partition run
 *                    here)
 * @param pluginsScan how often the plugins directory is looked at for new, replaced and removed JARs (0: never);
 *                    {@code 1s}, {@code PT1S} or a number of seconds
 * @param tokenTtl    how long a token lives unused: each use renews it, as Kazoo's tokens (0: for ever);
 *                    {@code 24h}, {@code PT24H} or a number of seconds
 * @param maxUploadSize the largest request body other than JSON (a task's CSV input), e.g. {@code 4GB}; over it, 413
 * @param maxJsonSize the largest JSON request body, e.g. {@code 16MB}; over it, 413
 * @param maxCsvLine  the longest line of a task's CSV input, in characters; a longer one is one rejected row (0: the
 *                    default, {@value #DEFAULT_MAX_CSV_LINE})
 * @param recovery    how this node resumes its tasks that a fault cut off
 * @param taskFiles   where tasks' inputs and outputs are kept: {@code local}, in the data directory (one node), or
 *                    {@code database}, in pieces in the engine's database, so that any node serves and runs any task
 * @param cluster     how the nodes that share one database see each other
 * @param partition   how the rows of a task type that may be split ({@code TaskType.Builder.partitionBy}) are split
 * @param bodies      how many request bodies are received at once, and how slowly one may arrive
 * @param dispatch    how started tasks wait for a slot and share the nodes between accounts
 * @param quotas      what one account may keep: tasks not yet run, bytes of task files
 * @param retention   how long finished tasks and audit records are kept
 * @param dashboard   what the console's dashboard samples
 * @param inputs      how a task's input may arrive: compressed, or fetched from a URL
 */
@ConfigurationProperties("batchworks")
public record EngineSettings(Path dataDir, Path pluginsDir, String node, int taskThreads,
                             @DurationUnit(ChronoUnit.SECONDS) Duration pluginsScan,
                             @DurationUnit(ChronoUnit.SECONDS) Duration tokenTtl, DataSize maxUploadSize,
                             DataSize maxJsonSize, int maxCsvLine, Recovery recovery, Storage taskFiles,
                             Cluster cluster, Partition partition, Bodies bodies, Dispatch dispatch,
                             Quotas quotas, Retention retention, Dashboard dashboard, Inputs inputs) {

    public static final int DEFAULT_MAX_CSV_LINE = 1 << 20;

    public EngineSettings {
        maxCsvLine = maxCsvLine > 0 ? maxCsvLine : DEFAULT_MAX_CSV_LINE;
        taskFiles = taskFiles == null ? Storage.LOCAL : taskFiles;
        partition = partition == null ? new Partition(1, 0, null, null) : partition;
        bodies = bodies == null ? new Bodies(0, null, null) : bodies;
        dispatch = dispatch == null ? new Dispatch(0, null) : dispatch;
        quotas = quotas == null ? new Quotas(0, null) : quotas;
        retention = retention == null ? new Retention(null, null, null, null, null, null, null, 0) : retention;
        dashboard = dashboard == null ? new Dashboard(null) : dashboard;
        inputs = inputs == null ? new Inputs(0, null, null, null) : inputs;
    }

    /**
     * A task's input as it arrives ({@code batchworks.inputs.*}): uploaded or fetched as gzip, or fetched from a URL
     * ({@code input_url}).
     *
     * @param maxExpansion   how many times its compressed size a gzip input may grow when decompressed (default 200);
     *                       past it, 413 (a zip bomb). The decompressed size is capped by {@code max-upload-size} too
     * @param allowedHosts   the hosts {@code input_url} may fetch from: a name, or {@code *.example.com} for the names
     *                       under it; a host that is a private address (loopback, link-local, metadata) only by its
     *                       exact name. Empty (the default): no input is fetched
     * @param connectTimeout how long a fetch waits to connect (default 10s)
     * @param readTimeout    how long a fetch waits for the next bytes (default 30s)
     */
    public record Inputs(int maxExpansion, List<String> allowedHosts, @DurationUnit(ChronoUnit.SECONDS) Duration connectTimeout,
                         @DurationUnit(ChronoUnit.SECONDS) Duration readTimeout) {

        public Inputs {
            maxExpansion = maxExpansion > 0 ? maxExpansion : 200;
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            connectTimeout = connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative() ? Duration.ofSeconds(10)
                    : connectTimeout;
            readTimeout = readTimeout == null || readTimeout.isZero() || readTimeout.isNegative() ? Duration.ofSeconds(30) : readTimeout;
        }
    }

    /**
     * The console's dashboard ({@code batchworks.dashboard.*}).
     *
     * @param sampleInterval how often each node records the rows its tasks committed, for rows per second across the
     *                       engine (default 10s)
     */
    public record Dashboard(@DurationUnit(ChronoUnit.SECONDS) Duration sampleInterval) {

        public Dashboard {
            sampleInterval = sampleInterval == null || sampleInterval.isZero() || sampleInterval.isNegative() ? Duration.ofSeconds(10)
                    : sampleInterval;
        }
    }

    /**
     * How long finished work is kept ({@code batchworks.retention.*}), counted from a task's end or an audit record's
     * time; 0 keeps it for ever. A task marked {@code keep} is never removed.
     *
     * @param success       {@code success} tasks
     * @param partial       {@code partial} tasks
     * @param failure       {@code failure} tasks
     * @param stopped       {@code stopped} tasks
     * @param internalError {@code internal_error} tasks that recovery will not resume
     * @param audit         audit records
     * @param interval      how often the cleanup looks (one node at a time)
     * @param chunk         tasks (or audit records) removed per transaction
     */
    public record Retention(@DurationUnit(ChronoUnit.DAYS) Duration success, @DurationUnit(ChronoUnit.DAYS) Duration partial,
                            @DurationUnit(ChronoUnit.DAYS) Duration failure, @DurationUnit(ChronoUnit.DAYS) Duration stopped,
                            @DurationUnit(ChronoUnit.DAYS) Duration internalError, @DurationUnit(ChronoUnit.DAYS) Duration audit,
                            @DurationUnit(ChronoUnit.SECONDS) Duration interval, int chunk) {

        public Retention {
            success = success == null ? Duration.ofDays(30) : success;
            partial = partial == null ? Duration.ofDays(30) : partial;
            failure = failure == null ? Duration.ofDays(90) : failure;
            stopped = stopped == null ? Duration.ofDays(90) : stopped;
            internalError = internalError == null ? Duration.ofDays(90) : internalError;
            audit = audit == null ? Duration.ofDays(365) : audit;
            interval = interval == null || interval.isZero() || interval.isNegative() ? Duration.ofHours(1) : interval;
            chunk = chunk > 0 ? chunk : 200;
        }
    }

    /**
     * What one account may keep ({@code batchworks.quotas.*}); a super admin sets other figures for one account on its
     * document ({@code task_limits}). Over a quota, a create is refused with 429 and makes nothing.
     *
     * @param pendingTasks the most tasks of one account that are pending: not started, queued for a slot, or waiting for
     *                     others (0: no quota)
     * @param fileBytes    the most bytes of task files (inputs and outputs) one account keeps (0 or none: no quota)
     */
    public record Quotas(int pendingTasks, DataSize fileBytes) {

        public Quotas {
            pendingTasks = Math.max(0, pendingTasks);
            fileBytes = fileBytes == null ? DataSize.ofBytes(0) : fileBytes;
        }
    }

    /**
     * Fair dispatch ({@code batchworks.dispatch.*}): a started task waits in its account's queue until a node has a free
     * slot; the accounts that wait are served in turn.
     *
     * @param accountLimit the most one account runs at once across every node, counting each partition of a split task
     *                     (0: no limit but the slots)
     * @param interval     how often each node looks at the queue besides when a run of its own ends (slots and limits
     *                     freed on other nodes); default 1s
     */
    public record Dispatch(int accountLimit, @DurationUnit(ChronoUnit.SECONDS) Duration interval) {

        public Dispatch {
            accountLimit = Math.max(0, accountLimit);
            interval = interval == null || interval.isZero() || interval.isNegative() ? Duration.ofSeconds(1) : interval;
        }
    }

    /**
     * Request bodies ({@code batchworks.bodies.*}): each holds a thread of the web server while it arrives, so a crowd of
     * slow clients could hold them all and leave none for health checks, lookups and the API.
     *
     * @param slots   the most requests whose bodies are received at once (0: 64); the next is refused with 503 and a
     *                {@code Retry-After}, before a byte of its body is read
     * @param minRate the slowest a body may arrive once {@code grace} has passed, in bytes a second (default 1KB); a slower
     *                one is refused with 408 and leaves nothing (an upload's task is not created)
     * @param grace   how long a body may arrive at any pace before {@code minRate} applies (default 10s)
     */
    public record Bodies(int slots, DataSize minRate, @DurationUnit(ChronoUnit.SECONDS) Duration grace) {

        public Bodies {
            slots = slots > 0 ? slots : 64;
            minRate = minRate == null ? DataSize.ofKilobytes(1) : minRate;
            grace = grace == null ? Duration.ofSeconds(10) : grace;
        }
    }

    /** Where tasks' inputs and outputs are kept ({@code batchworks.task-files}). */
    public enum Storage {
        /** {@code <data-dir>/tasks/<id>/}: only the node that received or ran a task has its files. */
        LOCAL,
        /** The engine's database, in pieces: every node reads and writes them; each node works on a local copy. */
        DATABASE
    }

    /**
     * How a task whose type may be split runs ({@code batchworks.partition.*}).
     *
     * @param threads      the local threads partitions run on, shared by every task of this node; with a broker
     *                     ({@code spring.rabbitmq.host}), the partitions of any node's tasks this node takes at once
     * @param count        the partitions a task is split in (0: as many as threads); a restarted task keeps the split
     *                     it began with
     * @param queue        with a broker: the queue the partitions are sent to, which every node takes them from
     * @param pollInterval with a broker: how often a task's node looks in the job repository for its partitions' ends
     */
    public record Partition(int threads, int count, String queue,
                            @DurationUnit(ChronoUnit.SECONDS) Duration pollInterval) {

        public Partition {
            threads = Math.max(1, threads);
            queue = queue == null || queue.isBlank() ? "batchworks.partitions" : queue;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        }

        /**
         * How many partitions a new task is split in (1: not split): on this node's threads only when it has several,
         * over a broker as {@code count} says (every node's threads take them).
         */
        public int partitions(boolean remote) {
            if (!remote && threads <= 1) {
                return 1;
            }
            return count > 0 ? count : threads;
        }
    }

    /**
     * The nodes of one database ({@code batchworks.cluster.*}).
     *
     * @param heartbeat how often a node records that it is alive
     * @param deadAfter a node whose last heartbeat is older is dead: another node takes over its tasks (with
     *                  {@code task-files=database}), and a new process may take its name
     */
    public record Cluster(@DurationUnit(ChronoUnit.SECONDS) Duration heartbeat,
                          @DurationUnit(ChronoUnit.SECONDS) Duration deadAfter) {
    }

    public Path tasksDir() {
        return dataDir.resolve("tasks");
    }

    /**
     * How this node resumes its tasks that a fault cut off: a lost database connection or a database outage (the run
     * ends {@code internal_error}, or could not even record its end), a write conflict, a crash of the node.
     *
     * @param interval   how often the node looks for them; {@code 5s}, {@code PT5S} or a number of seconds
     * @param retries    automatic resumes in a row that commit no chunk before a task is left {@code internal_error}
     *                   (a committed chunk starts the count again, so a long task survives any number of faults)
     * @param backoff    the wait before resuming a task that a fault ended; each attempt after waits twice as long
     * @param maxBackoff the longest wait between two attempts
     */
    public record Recovery(@DurationUnit(ChronoUnit.SECONDS) Duration interval, int retries,
                           @DurationUnit(ChronoUnit.SECONDS) Duration backoff,
                           @DurationUnit(ChronoUnit.SECONDS) Duration maxBackoff) {

        /** The wait before the automatic resume that follows {@code attempts} without progress. */
        public Duration delay(int attempts) {
            Duration delay = backoff.multipliedBy(1L << Math.min(attempts, 20));
            return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
        }
    }
}
