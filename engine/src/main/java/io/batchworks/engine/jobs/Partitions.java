package io.batchworks.engine.jobs;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.plugin.PartitionKey;
import io.batchworks.plugin.Row;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A rows task split over partitions by its type's {@link PartitionKey}: every partition reads the whole input and
 * keeps the rows whose key falls to it, so rows of one key stay in one partition in input order. The splitting step
 * is named {@code partitions-<n>}, its partitions {@code partition:p<i>}; each partition writes its own output, and a
 * last step merges them into {@code out.csv} in input order.
 */
final class Partitions {

    /** The name of the step that splits a task in {@code n} partitions is this, then {@code n}. */
    static final String STEP = "partitions-";
    /** A partition's index, in its step execution's context. */
    static final String INDEX = "partition.index";
    /** How many partitions its task is split in, in a partition's step execution's context. */
    static final String OF = "partition.of";

    private Partitions() {
    }

    /** Partition {@code index} of {@code of}; {@link #WHOLE} for a task that is not split. */
    record Part(int index, int of) {

        static final Part WHOLE = new Part(0, 1);

        /** The partition a step execution runs; {@code split} when its context does not say of how many. */
        static Part of(StepExecution execution, int split) {
            ExecutionContext context = execution.getExecutionContext();
            return new Part(context.getInt(INDEX), context.containsKey(OF) ? context.getInt(OF) : split);
        }

        /**
         * Whether the row is this partition's: by its key, or by its line when it has none to give (a line cut short,
         * a blank line, a key the plugin could not compute), so that every row is exactly one partition's.
         */
        boolean holds(Row row, PartitionKey key, boolean defective) {
            if (of == 1) {
                return true;
            }
            long hash;
            try {
                hash = defective || row.cells().isEmpty() ? row.line() : Objects.hashCode(key.of(row));
            } catch (RuntimeException e) {
                hash = row.line();
            }
            return Math.floorMod(hash, of) == index;
        }

        /** The name of this partition's output: {@code out.csv} itself for a task that is not split. */
        String output() {
            return of == 1 ? TaskFileStore.OUT : "out.p" + index + ".csv";
        }
    }

    /** Splits in {@code n} partitions, each knowing its index. */
    static Partitioner partitioner(int n) {
        return gridSize -> {
            Map<String, ExecutionContext> parts = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                ExecutionContext context = new ExecutionContext();
                context.putInt(INDEX, i);
                context.putInt(OF, n);
                parts.put("p" + i, context);
            }
            return parts;
        };
    }

    /**
     * How many partitions a task's rows are split in: as its earlier run split them, since rows already written must
     * stay with the partition that wrote them, or {@code wanted} for a first run.
     */
    static int of(JobExecution last, int wanted) {
        if (last != null) {
            for (StepExecution step : last.getStepExecutions()) {
                if (step.getStepName().equals(TaskJobs.ROWS)) {
                    return 1;
                }
                if (step.getStepName().startsWith(STEP)) {
                    return Integer.parseInt(step.getStepName().substring(STEP.length()));
                }
            }
        }
        return wanted;
    }

    /**
     * Merges the partitions' outputs (each in input order, with the input's line last) into {@code target} in input
     * order, streaming: one row of each partition is held at a time. Written beside the target, then moved into place.
     */
    static void merge(List<Path> parts, Path target, int maxLine) throws IOException {
        List<Csv.Rows> readers = new ArrayList<>();
        List<Row> heads = new ArrayList<>();
        Path partial = target.resolveSibling(target.getFileName() + ".merging");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(Csv.line(Csv.header(parts.get(0))));
            out.write('\n');
            for (Path part : parts) {
                Csv.Rows reader = Csv.reader(part, maxLine);
                reader.open(new ExecutionContext());
                readers.add(reader);
                heads.add(reader.read());
            }
            while (true) {
                int first = -1;
                for (int i = 0; i < heads.size(); i++) {
                    if (heads.get(i) != null && (first < 0 || line(heads.get(i)) < line(heads.get(first)))) {
                        first = i;
                    }
                }
                if (first < 0) {
                    break;
                }
                out.write(Csv.line(new ArrayList<>(heads.get(first).cells().values())));
                out.write('\n');
                heads.set(first, readers.get(first).read());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the partitions' outputs could not be merged", e);
        } finally {
            readers.forEach(Csv.Rows::close);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long line(Row outputRow) {
        return Long.parseLong(outputRow.cells().get("line"));
    }
}
