package io.batchworks.client;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.batchworks.client.samples.SampleNumbers;
import io.batchworks.client.samples.SampleRatedeck;
import io.batchworks.client.samples.SampleUsage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** {@code bw sample ratedeck|usage|numbers N}: sample input files on standard output, the same bytes for the same seed. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write sample input CSV to standard output: the same seed gives the same bytes.")
final class SampleCommand {

    @ParentCommand
    private BwCommand bw;

    @Option(names = "--seed", defaultValue = "42", scope = ScopeType.INHERIT, description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bad-every", defaultValue = "0", paramLabel = "K", scope = ScopeType.INHERIT,
            description = "Make every K-th row malformed, each kind of fault in turn (default: none).")
    int badEvery;

    @Command(name = "ratedeck", mixinStandardHelpOptions = true,
            description = "A ratedeck for rates/import: unique (prefix, iso_country_code), twenty countries.")
    int ratedeck(@Parameters(paramLabel = "ROWS", description = "How many rates.") long rows,
                 @Option(names = "--ratedeck", paramLabel = "ID", description = "Add a ratedeck_id column with this value.")
                 String ratedeck) {
        return write(out -> SampleRatedeck.write(new SampleRatedeck.Options(rows, seed, badEvery, ratedeck), out));
    }

    @Command(name = "usage", mixinStandardHelpOptions = true,
            description = "Call records for usage/import, spread over scopes and a window of hours.")
    int usage(@Parameters(paramLabel = "ROWS", description = "How many calls.") long rows,
              @Option(names = "--scopes", split = ",", defaultValue = "scope", paramLabel = "ID,...",
                      description = "Scope (account) ids the calls belong to (default: ${DEFAULT-VALUE}).") List<String> scopes,
              @Option(names = "--from", defaultValue = "2026-01-01T00:00:00Z", paramLabel = "INSTANT",
                      description = "Start of the window, ISO 8601 (default: ${DEFAULT-VALUE}).") Instant from,
              @Option(names = "--hours", defaultValue = "24", description = "Length of the window (default: ${DEFAULT-VALUE}).")
              int hours) {
        return write(out -> SampleUsage.write(new SampleUsage.Options(rows, seed, badEvery, scopes, from, hours), out));
    }

    @Command(name = "numbers", mixinStandardHelpOptions = true,
            description = "Numbers for numbers/add: North American numbers in E.164, each once.")
    int numbers(@Parameters(paramLabel = "ROWS", description = "How many numbers.") long rows) {
        return write(out -> SampleNumbers.write(new SampleNumbers.Options(rows, seed, badEvery), out));
    }

    private interface Sample {
        void writeTo(Appendable out) throws IOException;
    }

    /** Streams a sample to {@code bw}'s data output, buffered: the file may be gigabytes. */
    private int write(Sample sample) {
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(bw.data(), StandardCharsets.UTF_8), 1 << 16);
            sample.writeTo(out);
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
