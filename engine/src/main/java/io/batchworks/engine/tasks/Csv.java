package io.batchworks.engine.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Row;

import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.LineMapper;
import org.springframework.batch.infrastructure.item.file.separator.DefaultRecordSeparatorPolicy;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.batch.infrastructure.item.file.transform.FlatFileFormatException;
import org.springframework.core.io.FileSystemResource;

/**
 * The engine's one way to read and write CSV (RFC 4180: comma, double quotes, quoted line breaks), on Spring
 * Batch's flat-file reader and tokenizer. Blank lines are not rows.
 */
public final class Csv {

    private static final char BOM = '\uFEFF';

    private Csv() {
    }

    /** What a valid input file holds. */
    public record Shape(List<String> header, long rows) {
    }

    /**
     * Checks an uploaded file in one streaming pass: a header with the mandatory columns and rows as long as it.
     *
     * @throws ApiException 400 {@code csv.format} or {@code missing_mandatory_fields}
     */
    public static Shape check(Path file, List<String> mandatory) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            DefaultRecordSeparatorPolicy records = new DefaultRecordSeparatorPolicy();
            List<String> header = null;
            DelimitedLineTokenizer tokenizer = null;
            long rows = 0;
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String record = line;
                while (!records.isEndOfRecord(record)) {
                    String next = in.readLine();
                    if (next == null) {
                        throw format("unterminated quoted field starting before line " + lineNumber);
                    }
                    lineNumber++;
                    record = records.preProcess(record) + next;
                }
                if (record.isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = header(record);
                    tokenizer = tokenizer(header);
                    continue;
                }
                try {
                    tokenizer.tokenize(record);
                } catch (FlatFileFormatException | IllegalArgumentException e) {
                    throw format("line " + lineNumber + " has not as many cells as the header has columns (" + header.size() + ")");
                }
                rows++;
            }
            if (header == null) {
                throw format("empty CSV: no header line");
            }
            List<String> columns = header;
            List<String> missing = mandatory.stream().filter(c -> !columns.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new ApiException(400, "bad request", Map.of("missing_mandatory_fields", missing));
            }
            return new Shape(header, rows);
        }
    }

    /** A restartable reader of a file's data rows, each with its line number. */
    public static FlatFileItemReader<Row> reader(Path file) {
        HeaderAwareMapper mapper = new HeaderAwareMapper();
        FlatFileItemReader<Row> reader = new FlatFileItemReader<>(mapper);
        reader.setName("input");
        reader.setResource(new FileSystemResource(file));
        reader.setEncoding(StandardCharsets.UTF_8.name());
        reader.setRecordSeparatorPolicy(new DefaultRecordSeparatorPolicy());
        reader.setLinesToSkip(1);
        reader.setSkippedLinesCallback(mapper::setHeader);
        reader.setStrict(true);
        return reader;
    }

    /** The header line of a file. */
    public static List<String> header(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            return line == null ? List.of() : header(line);
        }
    }

    /** One CSV line, quoting only the cells that need it. */
    public static String line(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i) == null ? "" : cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        return out.toString();
    }

    private static List<String> header(String line) {
        if (!line.isEmpty() && line.charAt(0) == BOM) {
            line = line.substring(1);
        }
        return Arrays.stream(lenient().tokenize(line).getValues()).map(String::strip).toList();
    }

    private static DelimitedLineTokenizer lenient() {
        DelimitedLineTokenizer tokenizer = new DelimitedLineTokenizer();
        tokenizer.setStrict(false);
        return tokenizer;
    }

    private static DelimitedLineTokenizer tokenizer(List<String> header) {
        DelimitedLineTokenizer tokenizer = new DelimitedLineTokenizer();
        tokenizer.setNames(header.stream().map(h -> h.isEmpty() ? "_" : h).toArray(String[]::new));
        tokenizer.setStrict(true);
        return tokenizer;
    }

    private static ApiException format(String detail) {
        return new ApiException(400, "invalid request",
                Map.of("csv", Map.of("format", Map.of("message",
                        "Empty CSV or some row(s) longer than others or header missing: " + detail))));
    }

    /** Maps a record to a {@link Row} by the header read when the reader opens. */
    private static final class HeaderAwareMapper implements LineMapper<Row> {
        private final DelimitedLineTokenizer tokenizer = lenient();
        private List<String> header = List.of();

        void setHeader(String line) {
            header = header(line);
        }

        @Override
        public Row mapLine(String line, int lineNumber) {
            if (line.isBlank()) {
                return new Row(lineNumber, Map.of());
            }
            String[] values = tokenizer.tokenize(line).getValues();
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < values.length; i++) {
                cells.put(header.get(i), values[i]);
            }
            return new Row(lineNumber, cells);
        }
    }

    static List<String> withOutcome(List<String> header) {
        List<String> columns = new ArrayList<>(header);
        columns.add("error");
        columns.add("line");
        return columns;
    }
}
