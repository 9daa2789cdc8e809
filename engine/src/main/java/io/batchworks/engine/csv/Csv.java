package io.batchworks.engine.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Gzip;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.data.CsvLine;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * The engine's one way to read and write CSV (RFC 4180: comma, double quotes, quoted line breaks), on Jackson's
 * streaming CSV parser. A file is read plain whether it is kept plain or as gzip ({@link Gzip}). Empty lines are not
 * rows. Every row knows the line it starts on (the header is line 1).
 */
public final class Csv {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvReadFeature.SKIP_EMPTY_LINES)
            .build();

    /** The row reader's name: its keys in a step's execution context start with it. */
    public static final String READER = "input";

    private Csv() {
    }

    /** What a valid input file holds. */
    public record Shape(List<String> header, long rows) {
    }

    /**
     * Checks an uploaded file in one streaming pass: a header with the mandatory columns, and rows as long as it. A
     * line longer than {@code maxLine} characters counts as a row (which the task rejects), whatever its cells.
     *
     * @throws ApiException 400 {@code csv.format} or {@code missing_mandatory_fields}
     */
    public static Shape check(Path file, List<String> mandatory, int maxLine) throws IOException {
        return check(Gzip.plain(file), mandatory, maxLine);
    }

    /** {@link #check(Path, List, int)} of CSV as it streams in, read to its end and closed. */
    public static Shape check(InputStream in, List<String> mandatory, int maxLine) throws IOException {
        try (Records records = new Records(in, maxLine)) {
            List<String> header = records.header();
            if (header == null) {
                throw format("empty CSV: no header line");
            }
            List<String> missing = mandatory.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new ApiException(400, "bad request", Map.of("missing_mandatory_fields", missing));
            }
            long rows = 0;
            List<String> values = new ArrayList<>(header.size());
            while (records.next(values)) {
                if (values.size() != header.size() && !records.cut()) {
                    throw format("line " + records.line() + " has " + values.size() + " cells, the header " + header.size());
                }
                rows++;
            }
            return new Shape(header, rows);
        } catch (JacksonIOException e) {
            throw e.getCause(); // the stream's fault (a full disk where it is kept, a cut body), not the CSV's
        } catch (JacksonException e) {
            throw format(e.getOriginalMessage());
        }
    }

    /** The header of a file. */
    public static List<String> header(Path file) throws IOException {
        try (Records records = new Records(file, EngineSettings.DEFAULT_MAX_CSV_LINE)) {
            List<String> header = records.header();
            return header == null ? List.of() : header;
        }
    }

    /**
     * A restartable reader of a file's data rows: its state is the count of rows read. A row on a line longer than
     * {@code maxLine} characters is read cut short, and {@link Rows#defect} says so.
     */
    public static Rows reader(Path file, int maxLine) {
        Rows reader = new Rows(file, maxLine);
        reader.setName(READER);
        return reader;
    }

    /** One CSV line, quoting only the cells that need it ({@link CsvLine}, the plugins' way too). */
    public static String line(List<String> cells) {
        return CsvLine.of(cells);
    }

    /**
     * Writes a CSV file: the header, then each row as it is iterated (one cell per column).
     *
     * @return the number of rows written
     */
    public static long write(Path file, List<String> header, Iterable<? extends List<String>> rows) throws IOException {
        long count = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(line(header));
            out.write('\n');
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("row " + (count + 1) + " has " + row.size() + " cells for "
                            + header.size() + " columns");
                }
                out.write(line(row));
                out.write('\n');
                count++;
            }
        }
        return count;
    }

    /** An output file's columns: the input's, then the outcome's. */
    public static List<String> withOutcome(List<String> header) {
        List<String> columns = new ArrayList<>(header);
        columns.add("error");
        columns.add("line");
        return columns;
    }

    private static ApiException format(String detail) {
        return new ApiException(400, "invalid request",
                Map.of("csv", Map.of("format", Map.of("message",
                        "Empty CSV or some row(s) longer than others or header missing: " + detail))));
    }

    /** The records of a file, streamed, no line longer than its limit. */
    private static final class Records implements AutoCloseable {
        private final LongLines reader;
        private final JsonParser parser;
        private long line;
        private boolean cut;

        Records(Path file, int maxLine) throws IOException {
            this(Gzip.plain(file), maxLine);
        }

        Records(InputStream in, int maxLine) {
            this.reader = new LongLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), maxLine);
            this.parser = MAPPER.createParser(reader);
        }

        /** The first record, trimmed, without a byte-order mark; {@code null} for an empty file. */
        List<String> header() {
            List<String> header = new ArrayList<>();
            if (!next(header)) {
                return null;
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            header.replaceAll(String::strip);
            return header;
        }

        /** Reads the next record into {@code values}; false at the end of the file. */
        boolean next(List<String> values) {
            values.clear();
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            long first = parser.currentTokenLocation().getLineNr();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (values.isEmpty()) {
                    line = parser.currentTokenLocation().getLineNr();
                }
                values.add(parser.getString());
            }
            cut = reader.cutBetween(first, parser.currentTokenLocation().getLineNr());
            return true;
        }

        /** The line the last record started on. */
        long line() {
            return line;
        }

        /** Whether the last record's line was longer than the limit, and cut. */
        boolean cut() {
            return cut;
        }

        @Override
        public void close() throws IOException {
            parser.close();
            reader.close();
        }
    }

    /** Rows by the header's column names; on restart it skips the rows already read. */
    public static final class Rows extends AbstractItemCountingItemStreamItemReader<Row> {
        private final Path file;
        private final int maxLine;
        private Records records;
        private Cells.Header header;
        private final List<String> values = new ArrayList<>();
        /** The lines read cut short and not yet asked about (the rows are handled a little after they are read). */
        private final Set<Long> cutLines = ConcurrentHashMap.newKeySet();

        private Rows(Path file, int maxLine) {
            this.file = file;
            this.maxLine = maxLine;
        }

        /** Why a row read here is not a row at all (its line was longer than the limit), or null; asks once per row. */
        public String defect(Row row) {
            return cutLines.remove(row.line()) ? "line longer than " + maxLine + " characters (batchworks.max-csv-line)" : null;
        }

        @Override
        protected void doOpen() throws IOException {
            records = new Records(file, maxLine);
            List<String> names = records.header();
            header = new Cells.Header(names == null ? List.of() : names);
        }

        @Override
        protected Row doRead() {
            if (!records.next(values)) {
                return null;
            }
            if (records.cut()) {
                cutLines.add(records.line());
            }
            return new Row(records.line(), header.cells(values));
        }

        @Override
        protected void doClose() throws IOException {
            if (records != null) {
                records.close();
            }
        }
    }
}
