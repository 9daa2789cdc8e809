package io.batchworks.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bw rate NUMBER...} and {@code bw rate --file numbers.csv}: the rate each number gets from the account's
 * ratedeck (or {@code --ratedeck}), through the bulk lookup route. A file (a number a line) is sent in batches of
 * {@code --batch} lines and answered as one CSV on standard output. The exit status is 1 when a number has no rate.
 */
@Command(name = "rate", description = "The rate of each number: NUMBER... or --file with a number a line (answered as CSV).")
final class RateCommand implements Callable<Integer> {

    @ParentCommand
    private BwCommand bw;

    @Parameters(arity = "0..*", paramLabel = "NUMBER", description = "Numbers to rate, e.g. +14155550100.")
    List<String> numbers;

    @Option(names = "--file", paramLabel = "FILE", description = "A file of numbers, one a line (a first line 'number' is a header).")
    Path file;

    @Option(names = "--ratedeck", paramLabel = "DECK", description = "The ratedeck (default: the account's, else 'ratedeck').")
    String ratedeck;

    @Option(names = "--direction", description = "inbound or outbound (default: either).")
    String direction;

    @Option(names = "--batch", defaultValue = "10000", description = "Numbers of the file per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws IOException {
        if ((numbers == null || numbers.isEmpty()) == (file == null)) {
            throw new ClientError("give NUMBERs, or --file FILE with a number a line");
        }
        BwCommand.AccountApi account = bw.account();
        String path = account.path("rates/numbers") + "?" + (ratedeck == null ? "" : "ratedeck_id=" + ApiClient.encode(ratedeck) + "&")
                + (direction == null ? "" : "direction=" + ApiClient.encode(direction));
        return file == null ? some(account.api(), path) : fromFile(account.api(), path);
    }

    private int some(ApiClient api, String path) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.putObject("data").putPOJO("numbers", numbers);
        JsonNode answers = api.sendJson("POST", path, body).path("data");
        bw.print(answers, () -> answers.forEach(a -> bw.out().println(line(a))));
        for (JsonNode answer : answers) {
            if (answer.has("Reason")) {
                return 1;
            }
        }
        return 0;
    }

    /** One number as people read it: its rate, or why it has none. */
    private static String line(JsonNode a) {
        if (a.has("Reason")) {
            return a.path("Number").asString() + "  " + a.path("Reason").asString();
        }
        return a.path("Number").asString() + "  prefix " + a.path("Prefix").asString() + "  " + a.path("Rate").asString() + "/min"
                + "  surcharge " + a.path("Surcharge").asString() + "  base cost " + a.path("Base-Cost").asString()
                + "  rate " + a.path("Rate-ID").asString() + " of " + a.path("Ratedeck-ID").asString();
    }

    private int fromFile(ApiClient api, String path) throws IOException {
        boolean unrated = false;
        boolean header = true;
        StringBuilder pending = new StringBuilder();
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line != null && !line.isBlank()) {
                    pending.append(line).append('\n');
                    count++;
                }
                if (count > 0 && (count == batch || line == null)) {
                    unrated |= answer(api.postCsv(path, pending.toString()), header);
                    header = false;
                    pending.setLength(0);
                    count = 0;
                }
                if (line == null) {
                    break;
                }
            }
        }
        bw.out().flush();
        return unrated ? 1 : 0;
    }

    /** Prints a batch's CSV answer (its header only for the first); true when a number of it has no rate. */
    private boolean answer(String csv, boolean header) {
        boolean unrated = false;
        boolean first = true;
        for (String line : csv.split("\n")) {
            if (first) {
                first = false;
                if (!header) {
                    continue;
                }
            } else if (!line.endsWith(",")) {
                unrated = true; // the last column, reason, is empty for a number with a rate
            }
            bw.out().println(line);
        }
        return unrated;
    }
}
