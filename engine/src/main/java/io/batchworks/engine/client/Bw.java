package io.batchworks.engine.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.batchworks.plugin.PluginApi;

import picocli.CommandLine;

/**
 * {@code bw}, the command-line client ({@code dist/bw} runs the engine's JAR in client mode): it speaks the engine's
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

    /** {@code bw --version}: the plugin-api version this build offers. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bw (Batchworks, plugin-api " + PluginApi.VERSION + ")"};
        }
    }
}
