package io.batchworks.engine.client;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.batchworks.plugin.PluginApi;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bw}, the command-line client ({@code dist/bw} runs the engine's JAR in client mode): commands that work
 * without starting an engine.
 */
@Command(name = "bw", mixinStandardHelpOptions = true, versionProvider = Bw.Version.class,
        description = "Batchworks from the command line.", subcommands = {SampleCommand.class})
public final class Bw implements Runnable {

    /** Exit status for a command that was used wrongly (picocli's convention). */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Where commands write data (a sample file, a download): bytes, not picocli's text writer. */
    private final OutputStream data;

    private Bw(OutputStream data) {
        this.data = data;
    }

    OutputStream data() {
        return data;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs {@code bw} with these arguments; returns the exit status.
     *
     * @param data where data goes (standard output in a terminal)
     * @param out  messages and help
     * @param err  errors
     */
    public static int run(String[] args, OutputStream data, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Bw(data)).setOut(out).setErr(err);
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code dist/bw}'s entry point: data and messages to standard output, errors to standard error, UTF-8. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, System.out, out, err));
    }

    /** {@code bw --version}: the plugin-api version this build offers. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bw (Batchworks, plugin-api " + PluginApi.VERSION + ")"};
        }
    }
}
