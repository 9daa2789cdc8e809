package io.batchworks.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine;

/**
 * {@code bw}, the command-line client ({@code dist/bw} runs {@code dist/bw.jar}, this module's JAR): it speaks the engine's
 * public API only ({@link BwCommand} and its commands). Exit status: 0 success, 3 a task ended partial, 1 a failure
 * or an error (the API's message on standard error), 2 a command used wrongly.
 */
public final class Bw {

    /** Exit status for a command that was used wrongly (picocli's convention). */
    public static final int USAGE = 2;
    /** Exit status for a failure: a task that failed, or an error the API or the client reported. */
    public static final int FAILED = 1;

    private Bw() {
    }

    /**
     * Runs {@code bw} with these arguments; returns the exit status.
     *
     * @param env      environment variables ({@code BW_URL}, {@code BW_TOKEN}, {@code BW_CONFIG})
     * @param data     where data goes (a sample file): standard output from a terminal
     * @param out      messages, progress and help
     * @param err      errors
     * @param terminal progress as a bar redrawn in place (else plain lines)
     */
    public static int run(String[] args, Map<String, String> env, OutputStream data, PrintWriter out, PrintWriter err,
                          boolean terminal) {
        CommandLine line = new CommandLine(new BwCommand(env, data, terminal)).setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof ClientError || e instanceof IOException || e instanceof UncheckedIOException) {
                err.println("bw: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@link #run(String[], Map, OutputStream, PrintWriter, PrintWriter, boolean)} in this process's environment, plain progress. */
    public static int run(String[] args, OutputStream data, PrintWriter out, PrintWriter err) {
        return run(args, System.getenv(), data, out, err, false);
    }

    /** {@code dist/bw}'s entry point: data and messages to standard output, errors to standard error, UTF-8. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, System.getenv(), System.out, out, err, System.console() != null));
    }

    /** {@code bw --version}: the Batchworks version this client was built with ({@code bw.properties}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"bw (Batchworks " + version() + ")"};
        }
    }

    /** The version the build wrote into {@code bw.properties}. */
    static String version() throws IOException {
        Properties built = new Properties();
        try (InputStream in = Bw.class.getResourceAsStream("/bw.properties")) {
            if (in == null) {
                throw new IOException("bw.properties is missing from the client's JAR");
            }
            built.load(in);
        }
        return built.getProperty("version");
    }
}
