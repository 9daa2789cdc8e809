package io.batchworks.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.plugin.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class ReadAheadTest {

    @TempDir
    Path dir;

    private Path file(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("prefix,rate_cost\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",0.1\n");
        }
        return Files.writeString(dir.resolve("in.csv"), csv);
    }

    private static ReadAhead<Row, String> reader(Path file, ReadAhead.Step<Row, String> step) {
        return new ReadAhead<>(Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE), Csv.READER, step, 4);
    }

    @Test
    void savesTheRowsHandedOutNotTheRowsReadAhead() throws Exception {
        Path file = file(100);
        ExecutionContext context = new ExecutionContext();
        ReadAhead<Row, String> first = reader(file, row -> row.get("prefix"));
        first.open(context);
        assertThat(first.read()).isEqualTo("1");
        assertThat(first.read()).isEqualTo("2");
        assertThat(first.read()).isEqualTo("3");
        Thread.sleep(50); // let the worker run ahead
        first.update(context);
        first.close();

        ReadAhead<Row, String> resumed = reader(file, row -> row.get("prefix"));
        resumed.open(context);
        assertThat(resumed.read()).isEqualTo("4");
        int rest = 1;
        while (resumed.read() != null) {
            rest++;
        }
        assertThat(rest).isEqualTo(97);
        resumed.close();
    }

    @Test
    void droppedItemsCountAsHandedOutAndFailuresReachTheStep() throws Exception {
        Path file = file(10);
        ExecutionContext context = new ExecutionContext();
        ReadAhead<Row, String> odd = reader(file, row -> Integer.parseInt(row.get("prefix")) % 2 == 1 ? row.get("prefix") : null);
        odd.open(context);
        assertThat(odd.read()).isEqualTo("1");
        assertThat(odd.read()).isEqualTo("3");
        odd.update(context);
        odd.close();
        assertThat(context.getInt(Csv.READER + ".read.count")).isEqualTo(3);

        ReadAhead<Row, String> failing = reader(file, row -> {
            throw new IllegalStateException("boom at " + row.line());
        });
        failing.open(new ExecutionContext());
        assertThatThrownBy(failing::read).hasMessage("boom at 2");
        failing.close();
    }

    /** Items cross in blocks while the step is behind: still in order, counted one by one, a failure after its items. */
    @Test
    void blocksKeepTheOrderTheCountAndTheItemsBeforeAFailure() throws Exception {
        Path file = file(2_000);
        ExecutionContext context = new ExecutionContext();
        ReadAhead<Row, String> first = new ReadAhead<>(Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE), Csv.READER,
                row -> row.get("prefix"), 1_000);
        first.open(context);
        Thread.sleep(100); // the worker fills whole blocks while nothing is taken
        for (int i = 1; i <= 300; i++) {
            assertThat(first.read()).isEqualTo(Integer.toString(i));
        }
        first.update(context);
        first.close();
        assertThat(context.getInt(Csv.READER + ".read.count")).isEqualTo(300);

        ReadAhead<Row, String> resumed = new ReadAhead<>(Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE), Csv.READER,
                row -> row.get("prefix"), 1_000);
        resumed.open(context);
        for (int i = 301; i <= 2_000; i++) {
            assertThat(resumed.read()).isEqualTo(Integer.toString(i));
        }
        assertThat(resumed.read()).isNull();
        resumed.close();

        ReadAhead<Row, String> failing = new ReadAhead<>(Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE), Csv.READER,
                row -> {
                    if (row.get("prefix").equals("700")) {
                        throw new IllegalStateException("boom at 700");
                    }
                    return row.get("prefix");
                }, 1_000);
        failing.open(new ExecutionContext());
        Thread.sleep(100);
        for (int i = 1; i < 700; i++) {
            assertThat(failing.read()).isEqualTo(Integer.toString(i));
        }
        assertThatThrownBy(failing::read).hasMessage("boom at 700");
        failing.close();
    }
}
