package io.batchworks.plugins.rates;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.data.CsvLine;
import io.batchworks.plugin.web.JsonBodies;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugins.rates.api.CallRate;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Many numbers rated in one request: a JSON body {@code {"data": {"numbers": [...], "direction": ...}}}, answered in
 * Kazoo's envelope with a list, or {@code text/csv} with one number a line (a first line {@code number} is a header),
 * answered as CSV. Each number gets the fields of the single lookup or a reason, in the order given. The numbers go
 * to {@link RateLookups#callRates} in batches: from the deck's in-memory index when it is current, else from the
 * database a few queries per batch. At most {@value #MAX_SETTING} numbers a request; the answer is written as each
 * batch is rated.
 */
final class BulkRateLookups {

    /** The setting that caps the numbers of one request. */
    static final String MAX_SETTING = "rates.lookup.bulk-max";
    static final int MAX_DEFAULT = 10_000;
    /** Numbers rated at a time. */
    private static final int BATCH = 1_000;
    /** Longer lines of a CSV body are no number: the rest of the line is skipped, not kept. */
    private static final int LONGEST_LINE = 64;

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final RateLookups lookups;
    private final int max;

    BulkRateLookups(RateLookups lookups, int max) {
        this.lookups = lookups;
        this.max = max;
    }

    ServerResponse answer(ServerRequest request, String deck) throws IOException {
        String declared = request.servletRequest().getContentType() == null ? "" : request.servletRequest().getContentType();
        String type = declared.split(";")[0].strip().toLowerCase(Locale.ROOT); // as given: any other is read as JSON
        if (type.equals("text/csv") || type.equals("text/plain")) {
            List<String> numbers = csvNumbers(request);
            String direction = RateNumberApi.direction(request.param("direction").orElse(null));
            return ServerResponse.ok().contentType(CSV)
                    .build((req, res) -> {
                        try (Writer out = new BufferedWriter(new OutputStreamWriter(res.getOutputStream(), StandardCharsets.UTF_8))) {
                            out.write(CsvLine.of(RateAnswer.COLUMNS));
                            out.write('\n');
                            rate(deck, numbers, direction, (given, digits, rate, reason) -> {
                                out.write(CsvLine.of(RateAnswer.cells(given, digits, rate, reason)));
                                out.write('\n');
                            });
                        }
                        return null;
                    });
        }
        JsonNode data = json(request).path("data");
        List<String> numbers = jsonNumbers(data.path("numbers"));
        String direction = RateNumberApi.direction(request.param("direction")
                .orElse(data.path("direction").isString() ? data.path("direction").asString() : null));
        return KazooEnvelope.stream(request, 200, json -> {
            json.writeStartArray();
            rate(deck, numbers, direction, (given, digits, rate, reason) -> {
                json.writeStartObject();
                json.writeStringProperty("Number", given);
                if (rate == null) {
                    json.writeStringProperty("Reason", reason);
                } else {
                    for (Map.Entry<String, Object> field : RateAnswer.fields(digits, rate).entrySet()) {
                        json.writePOJOProperty(field.getKey(), field.getValue());
                    }
                }
                json.writeEndObject();
            });
            json.writeEndArray();
        });
    }

    /** One number's answer: its rate, or none and why. */
    @FunctionalInterface
    private interface Answer {
        void of(String given, String digits, CallRate rate, String reason) throws IOException;
    }

    private void rate(String deck, List<String> numbers, String direction, Answer answer) throws IOException {
        for (int from = 0; from < numbers.size(); from += BATCH) {
            List<String> given = numbers.subList(from, Math.min(numbers.size(), from + BATCH));
            List<String> digits = new ArrayList<>(given.size()); // null for a number that is not digits
            for (String number : given) {
                digits.add(digits(number));
            }
            Map<String, CallRate> rates = lookups.callRates(deck, digits.stream().filter(d -> d != null).toList(), direction);
            for (int i = 0; i < given.size(); i++) {
                String d = digits.get(i);
                CallRate rate = d == null ? null : rates.get(d);
                answer.of(given.get(i), d, rate, d == null ? RateAnswer.UNRATEABLE : rate == null ? RateAnswer.NO_RATE : null);
            }
        }
    }

    /** A number's digits as the single lookup reads them (spaces around and a leading {@code +} dropped); else null. */
    private static String digits(String given) {
        String number = given.strip();
        String digits = number.startsWith("+") ? number.substring(1) : number;
        return RateRows.isDigits(digits) ? digits : null;
    }

    private static JsonNode json(ServerRequest request) throws IOException {
        try {
            return JsonBodies.read(request);
        } catch (JacksonException e) {
            throw ApiException.badRequest("data", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private List<String> jsonNumbers(JsonNode list) {
        if (!list.isArray()) {
            throw ApiException.invalidData("numbers", "type", "data.numbers must be a list of numbers (strings of digits)");
        }
        tooMany(list.size());
        List<String> numbers = new ArrayList<>(list.size());
        for (JsonNode number : list) {
            numbers.add(number.isValueNode() ? number.asString() : number.toString());
        }
        return numbers;
    }

    /** The body's numbers, a line each, the line's first cell (unquoted); blank lines and a header {@code number} skipped. */
    private List<String> csvNumbers(ServerRequest request) throws IOException {
        List<String> numbers = new ArrayList<>();
        try (Reader in = new BufferedReader(new InputStreamReader(request.servletRequest().getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            for (int c = in.read(); ; c = in.read()) {
                if (c == '\n' || c == -1) {
                    String cell = firstCell(line, cut);
                    if (!cell.isEmpty() && !(numbers.isEmpty() && cell.equalsIgnoreCase("number"))) {
                        numbers.add(cell);
                        tooMany(numbers.size());
                    }
                    if (c == -1) {
                        return numbers;
                    }
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < LONGEST_LINE) {
                    line.append((char) c);
                } else {
                    cut = true;
                }
            }
        }
    }

    private static String firstCell(StringBuilder line, boolean cut) {
        String text = line.toString();
        int comma = text.indexOf(',');
        String cell = (comma < 0 ? text : text.substring(0, comma)).strip();
        if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
            cell = cell.substring(1, cell.length() - 1).strip();
        }
        return cut && comma < 0 ? cell + "..." : cell; // a line too long to be a number stays one, un-rateable
    }

    private void tooMany(int count) {
        if (count > max) {
            throw new ApiException(413, "request entity too large", Map.of("numbers", Map.of("maximum", Map.of("message",
                    "at most " + max + " numbers in one request (setting " + MAX_SETTING + ")", "limit", max))));
        }
    }
}
