package io.batchworks.engine.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The one way the engine reads, checks and writes CSV: quoting, line ends, a BOM, ragged and over-long lines. */
class CsvTest {

    @TempDir
    Path dir;

    @Test
    void aCellIsQuotedOnlyWhenItMustBeAndReadsBackAsItWas() throws Exception {
        List<String> cells = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "");
        assertThat(Csv.line(cells)).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",");
        Path file = dir.resolve("quoted.csv");
        Csv.write(file, List.of("a", "b", "c", "d", "e", "f"), List.of(cells));
        assertThat(rows(file)).singleElement().extracting(Row::cells)
                .isEqualTo(Map.of("a", "plain", "b", "a,b", "c", "say \"hi\"", "d", "two\nlines", "e", "cr\rhere", "f", ""));
    }

    @Test
    void crlfLinesAndAByteOrderMarkReadAsPlainLines() throws Exception {
        Path file = write("\uFEFFprefix,rate_cost\r\n1,0.5\r\n44,0.1\r\n");
        assertThat(Csv.header(file)).containsExactly("prefix", "rate_cost");
        assertThat(Csv.check(file, List.of("prefix"), 1000)).isEqualTo(new Csv.Shape(List.of("prefix", "rate_cost"), 2));
        List<Row> rows = rows(file);
        assertThat(rows).extracting(r -> r.get("rate_cost")).containsExactly("0.5", "0.1");
        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L);
    }

    @Test
    void aRaggedRowRejectsTheUploadNamingItsLine() throws IOException {
        Path file = write("prefix,rate_cost\n1,0.5\n2\n");
        assertThatThrownBy(() -> Csv.check(file, List.of("prefix"), 1000)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).data().toString()).contains("line 3 has 1 cells, the header 2"));
    }

    @Test
    void missingColumnsAndAnEmptyFileAreNamed() throws IOException {
        assertThatThrownBy(() -> Csv.check(write("prefix\n1\n"), List.of("prefix", "rate_cost"), 1000))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).data().toString()).contains("missing_mandatory_fields", "rate_cost"));
        assertThatThrownBy(() -> Csv.check(write(""), List.of(), 1000)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).data().toString()).contains("empty CSV"));
    }

    @Test
    void aLineOverTheLimitIsOneRowWithADefectAndTheRowsAfterItReadOn() throws Exception {
        Path file = write("name,note\nshort,ok\n" + "x".repeat(5_000) + ",long\nafter,ok\n");
        assertThat(Csv.check(file, List.of("name"), 100).rows()).as("the long line counts as one row").isEqualTo(3);
        Csv.Rows reader = Csv.reader(file, 100);
        reader.open(new ExecutionContext());
        try {
            List<String> defects = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Row row = reader.read(); row != null; row = reader.read()) {
                defects.add(reader.defect(row));
                names.add(row.get("name").length() > 10 ? "cut" : row.get("name"));
            }
            assertThat(names).containsExactly("short", "cut", "after");
            assertThat(defects.get(0)).isNull();
            assertThat(defects.get(1)).contains("line longer than 100 characters");
            assertThat(defects.get(2)).isNull();
        } finally {
            reader.close();
        }
    }

    @Test
    void aRestartedReaderSkipsTheRowsAlreadyRead() throws Exception {
        Path file = write("n\n1\n2\n3\n");
        Csv.Rows first = Csv.reader(file, 100);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        first.read();
        first.update(context);
        first.close();
        Csv.Rows again = Csv.reader(file, 100);
        again.open(context);
        try {
            assertThat(again.read().get("n")).isEqualTo("2");
        } finally {
            again.close();
        }
    }

    @Test
    void writingARowOfTheWrongWidthFails() {
        assertThatThrownBy(() -> Csv.write(dir.resolve("bad.csv"), List.of("a", "b"), List.of(List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has 1 cells for 2 columns");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("in-" + System.nanoTime() + ".csv"), text, StandardCharsets.UTF_8);
    }

    private static List<Row> rows(Path file) throws Exception {
        Csv.Rows reader = Csv.reader(file, 1000);
        reader.open(new ExecutionContext());
        try {
            List<Row> rows = new ArrayList<>();
            for (Row row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
            return rows;
        } finally {
            reader.close();
        }
    }
}
