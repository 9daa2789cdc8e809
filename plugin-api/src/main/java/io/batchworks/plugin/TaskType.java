package io.batchworks.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One kind of task (Kazoo: a {@code category} and an {@code action}), described in one place: the help the
 * tasks API shows, who may run it, and the work it does. Build it with {@link #builder(String, String)}.
 *
 * <p>Two shapes of work:
 * <ul>
 *   <li>{@link Builder#rows(RowHandler, ChunkWriter) rows}: the task's input CSV is read row by row; each row
 *       becomes an item or fails alone with its reason; items are written chunk by chunk.</li>
 *   <li>{@link Builder#export(ExportQuery.Factory) export}: a query's rows become the task's output CSV.</li>
 * </ul>
 * A rows task may take its rows from a query of the plugin's instead of an upload ({@link Builder#source}), or from
 * records the plugin reads itself with a checkpoint ({@link Builder#records}), and may list every row with results its
 * writer sets ({@link Builder#results}) instead of the failed rows alone.
 */
public final class TaskType {

    private final String category;
    private final String action;
    private final String description;
    private final String doc;
    private final String expectedContent;
    private final List<String> mandatory;
    private final List<String> optional;
    private final Permission permission;
    private final RowWork<?> rowWork;
    private final ExportQuery.Factory export;
    private final ExportQuery.Factory source;
    private final RecordSource records;
    private final List<String> recordColumns;
    private final List<String> results;
    private final ParamCheck paramCheck;
    private final PartitionKey partitionKey;

    private TaskType(Builder b) {
        this.category = b.category;
        this.action = b.action;
        this.description = Objects.requireNonNull(b.description, "description");
        this.doc = b.doc;
        this.expectedContent = b.expectedContent;
        this.mandatory = List.copyOf(b.mandatory);
        this.optional = List.copyOf(b.optional);
        this.permission = b.permission;
        this.rowWork = b.rowWork;
        this.export = b.export;
        this.source = b.source;
        this.records = b.records;
        this.recordColumns = List.copyOf(b.recordColumns);
        this.results = List.copyOf(b.results);
        this.paramCheck = b.paramCheck;
        this.partitionKey = b.partitionKey;
        String name = category + "/" + action + ": ";
        if ((rowWork == null) == (export == null)) {
            throw new IllegalStateException(name + "declare exactly one of rows(...) or export(...)");
        }
        int inputs = (expectedContent == null ? 0 : 1) + (source == null ? 0 : 1) + (records == null ? 0 : 1);
        if (rowWork != null && inputs != 1) {
            throw new IllegalStateException(name + "a rows task reads an upload (expectedContent), a query (source) or records"
                    + " (records), one of them");
        }
        if (rowWork == null && (source != null || records != null || !results.isEmpty() || partitionKey != null)) {
            throw new IllegalStateException(name + "source(...), records(...), results(...) and partitionBy(...) belong to rows tasks");
        }
        if (records != null && partitionKey != null) {
            throw new IllegalStateException(name + "records are read in one sequence: a task of records is not split (partitionBy)");
        }
    }

    /** Starts a task type of Kazoo's {@code category} and {@code action} (lower-case letters, digits and _). */
    public static Builder builder(String category, String action) {
        return new Builder(category, action);
    }

    /** Kazoo's {@code category}, e.g. {@code rates}. */
    public String category() { return category; }

    /** Kazoo's {@code action}, e.g. {@code import}. */
    public String action() { return action; }

    /** One line: what the task does. */
    public String description() { return description; }

    /** Longer help, or {@code null}. */
    public String doc() { return doc; }

    /** The input's media type, e.g. {@code text/csv}; {@code null} when the task takes no input. */
    public String expectedContent() { return expectedContent; }

    /** Columns the input's header must have. */
    public List<String> mandatory() { return mandatory; }

    /** Columns the input may have; any other column is ignored. */
    public List<String> optional() { return optional; }

    /** Who may create and run it. */
    public Permission permission() { return permission; }

    /** The row handler and writer of a rows task, or {@code null} for an export. */
    public RowWork<?> rowWork() { return rowWork; }

    /** The query factory of an export task, or {@code null} for a rows task. */
    public ExportQuery.Factory export() { return export; }

    /** Where a rows task without upload gets its rows, or {@code null}. */
    public ExportQuery.Factory source() { return source; }

    /** Where a rows task reads its records, when the plugin reads them itself; else {@code null}. */
    public RecordSource records() { return records; }

    /** The columns of the records, as {@code out.csv} lists them. */
    public List<String> recordColumns() { return recordColumns; }

    /** The result columns a rows task's writer sets for each row ({@link Items#result}); empty: {@code out.csv} lists failed rows only. */
    public List<String> results() { return results; }

    /** How a rows task's input may be split over partitions, or {@code null}: it runs as one step. */
    public PartitionKey partitionKey() { return partitionKey; }

    /** Checks a new task's parameters before it is created. */
    public void checkParams(TaskInfo task) {
        if (paramCheck != null) {
            paramCheck.check(task);
        }
    }

    /** Checks a task's parameters when it is created: an {@link ApiException} refuses it. */
    @FunctionalInterface
    public interface ParamCheck {
        void check(TaskInfo task) throws ApiException;
    }

    /** A rows task's two parts. */
    public record RowWork<T>(RowHandler<T> handler, ChunkWriter<T> writer) {
    }

    /** Assembles a {@link TaskType}. */
    public static final class Builder {
        private final String category;
        private final String action;
        private String description;
        private String doc;
        private String expectedContent;
        private List<String> mandatory = List.of();
        private List<String> optional = List.of();
        private Permission permission = Permission.SUPER_ADMIN;
        private RowWork<?> rowWork;
        private ExportQuery.Factory export;
        private ExportQuery.Factory source;
        private RecordSource records;
        private List<String> recordColumns = List.of();
        private List<String> results = List.of();
        private ParamCheck paramCheck;
        private PartitionKey partitionKey;

        private Builder(String category, String action) {
            this.category = requireName(category, "category");
            this.action = requireName(action, "action");
        }

        private static String requireName(String name, String what) {
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException(what + " must be lower-case letters, digits and _: " + name);
            }
            return name;
        }

        /** One line: what the task does (Kazoo's {@code description}). */
        public Builder description(String description) { this.description = description; return this; }

        /** Longer help (Kazoo's {@code doc}). */
        public Builder doc(String doc) { this.doc = doc; return this; }

        /** The input's media type; {@code text/csv} for row tasks. */
        public Builder expectedContent(String mediaType) { this.expectedContent = mediaType; return this; }

        /** Columns the input's header must have. */
        public Builder mandatory(String... columns) { this.mandatory = List.of(columns); return this; }

        /** Columns the input may have; others are ignored. */
        public Builder optional(String... columns) { this.optional = List.of(columns); return this; }

        /** Who may run it; {@link Permission#SUPER_ADMIN} unless said otherwise. */
        public Builder permission(Permission permission) { this.permission = Objects.requireNonNull(permission); return this; }

        /** A rows task: {@code handler} turns each input row into an item, {@code writer} writes them chunk by chunk. */
        public <T> Builder rows(RowHandler<T> handler, ChunkWriter<T> writer) {
            this.rowWork = new RowWork<>(Objects.requireNonNull(handler), Objects.requireNonNull(writer));
            return this;
        }

        /** An export task: the query's rows become the task's {@code out.csv}. */
        public Builder export(ExportQuery.Factory query) { this.export = Objects.requireNonNull(query); return this; }

        /**
         * A rows task that reads its rows from a query instead of an upload: the query runs once, when the task first
         * starts, and its rows are kept as the task's {@code in.csv}. A restart goes on over the same rows, so the
         * query may read what the task itself changes (the jobs still queued, say) and the rows stay the ones it
         * started with. Its columns are the rows' columns.
         */
        public Builder source(ExportQuery.Factory query) { this.source = Objects.requireNonNull(query); return this; }

        /**
         * A rows task that reads records from a source of the plugin's own, with a checkpoint ({@link RecordSource}),
         * instead of an upload: the columns name the records' values, in the order {@code out.csv} lists them. Such a
         * task takes no input and is not split.
         */
        public Builder records(RecordSource source, String... columns) {
            this.records = Objects.requireNonNull(source);
            this.recordColumns = List.of(columns);
            return this;
        }

        /**
         * {@code out.csv} lists every row, with these columns after the row's own: the values the writer sets with
         * {@link Items#result}, then {@code error} (empty for a row written) and {@code line}.
         */
        public Builder results(String... columns) { this.results = List.of(columns); return this; }

        /** Checks the parameters of each new task of this type (a 400 or 422 refuses it, naming the parameter). */
        public Builder params(ParamCheck check) { this.paramCheck = Objects.requireNonNull(check); return this; }

        /**
         * Lets the engine split a rows task's input over partitions by {@code key}: rows with equal keys go to one
         * partition, in input order. Each partition is a step of its own, restartable alone, and the partitions run
         * at the same time (on {@code batchworks.partition.threads} threads); the task's counts are their sum, and its
         * {@code out.csv} lists their rows in input order. The handler and writer must then allow calls from several
         * threads at once, on rows of different keys.
         */
        public Builder partitionBy(PartitionKey key) { this.partitionKey = Objects.requireNonNull(key); return this; }

        /** The task type; fails when neither or both of rows and export were given. */
        public TaskType build() { return new TaskType(this); }
    }
}
