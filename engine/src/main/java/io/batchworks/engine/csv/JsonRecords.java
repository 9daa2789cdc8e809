package io.batchworks.engine.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import io.batchworks.plugin.ApiException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON records made into the CSV every rows task reads, from JSON lines ({@code application/x-ndjson}: one object a
 * line) or from a JSON body's {@code records} list: the columns are the objects' keys in the order they first appear,
 * a key an object lacks is an empty cell, and a value that is not a string, number or boolean is its JSON text.
 */
public final class JsonRecords {

    /** The most columns the objects may have between them. */
    public static final int MOST_COLUMNS = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonRecords() {
    }

    /** Writes a JSON body's records (a list of objects, read whole: JSON bodies are small) to {@code csv}. */
    public static long fromList(JsonNode records, Path csv) throws IOException {
        Set<String> columns = new LinkedHashSet<>();
        records.forEach(r -> r.propertyNames().forEach(columns::add));
        List<String> header = List.copyOf(columns);
        Iterator<JsonNode> each = records.iterator();
        return Csv.write(csv, header, () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public List<String> next() {
                return cells(each.next(), header);
            }
        });
    }

    /**
     * Writes JSON lines to {@code csv}; returns the number of rows. Two streaming passes, since the header needs every
     * key before the first row: the objects are kept compact, one a line, beside the CSV, then written as its rows.
     *
     * @throws ApiException 400 naming {@code ndjson} and the line, for a line that is not a JSON object
     */
    public static long fromLines(InputStream in, Path csv) throws IOException {
        Path objects = csv.resolveSibling(csv.getFileName() + ".jsonl");
        Set<String> columns = new LinkedHashSet<>();
        try {
            try (Writer out = Files.newBufferedWriter(objects, StandardCharsets.UTF_8);
                 MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(in)) {
                while (values.hasNextValue()) {
                    long line = values.currentLocation().getLineNr();
                    JsonNode value = values.nextValue();
                    if (!value.isObject()) {
                        throw format("line " + line + " is not a JSON object");
                    }
                    value.propertyNames().forEach(columns::add);
                    if (columns.size() > MOST_COLUMNS) {
                        throw format("the objects have more than " + MOST_COLUMNS + " keys between them (line " + line + ")");
                    }
                    out.write(JSON.writeValueAsString(value));
                    out.write('\n');
                }
            } catch (JacksonException e) {
                throw format(e.getOriginalMessage() + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
            }
            List<String> header = List.copyOf(columns);
            try (BufferedReader lines = Files.newBufferedReader(objects, StandardCharsets.UTF_8)) {
                return Csv.write(csv, header, () -> rows(lines, header));
            }
        } finally {
            Files.deleteIfExists(objects);
        }
    }

    private static Iterator<List<String>> rows(BufferedReader lines, List<String> header) {
        return new Iterator<>() {
            private String next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public List<String> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                JsonNode object = JSON.readTree(next);
                next = read();
                return cells(object, header);
            }

            private String read() {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static List<String> cells(JsonNode object, List<String> header) {
        List<String> cells = new ArrayList<>(header.size());
        for (String column : header) {
            JsonNode v = object.get(column);
            cells.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asString() : v.toString());
        }
        return cells;
    }

    private static ApiException format(String detail) {
        return new ApiException(400, "invalid request", Map.of("ndjson", Map.of("format", Map.of("message",
                "JSON lines must be one JSON object a line: " + detail))));
    }
}
