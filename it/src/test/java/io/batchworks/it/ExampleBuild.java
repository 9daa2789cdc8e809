package io.batchworks.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An example plugin built as a third party builds it: Maven on its own project, with this build's Java. */
final class ExampleBuild {

    private ExampleBuild() {
    }

    /** Runs Maven on the example as docs/plugins.md says; fails with the build's tail. */
    static void maven(Path example, String... goals) throws IOException, InterruptedException {
        Path log = Files.createTempFile("example-build", ".log");
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-f", example.resolve("pom.xml").toString()));
        command.addAll(List.of(goals));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = builder.start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("the example's build took over 10 minutes: " + log);
        }
        if (build.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("mvn " + String.join(" ", goals) + " of " + example.getFileName() + " failed:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }
}
