package io.batchworks.plugins.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.batchworks.plugin.PluginContext;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.util.function.SingletonSupplier;

/**
 * The programs of jobs-config's {@code reports.programs.<section>}, by their {@code type}:
 * <ul>
 *   <li>{@code file}: writes each report into {@code directory} as {@code <target_address>-<slot t_s>.<ext>}; an
 *       existing file is never overwritten (a slot is written at most once).</li>
 *   <li>{@code http}: POSTs it to {@code target_address}, which must start with one of {@code allowed-prefixes}
 *       (comma-separated); any status but 2xx fails.</li>
 *   <li>{@code exec}: runs {@code command} (then {@code args}, comma-separated) with the target as last argument and
 *       the report on standard input, like Taler's report generators; exit status 0 is success.</li>
 *   <li>{@code smtp}: mails it to {@code target_address} (an e-mail address) through {@code host}:{@code port}
 *       (Spring's mail support), from {@code from}, with the description as subject and the report attached;
 *       {@code username}, {@code password} and {@code starttls} when the server needs them.</li>
 * </ul>
 */
final class Programs {

    private final PluginContext context;
    /** Made at the first delivery over HTTP: a client loads the JDK's TLS set-up and keeps a thread, at every start. */
    private final SingletonSupplier<HttpClient> http = SingletonSupplier.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());

    Programs(PluginContext context) {
        this.context = context;
    }

    Optional<Program> find(String section) {
        if (!section.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        String type = setting(section, "type");
        if (type == null) {
            return Optional.empty();
        }
        return switch (type) {
            case "file" -> Optional.ofNullable(setting(section, "directory")).map(dir -> new FileProgram(Path.of(dir)));
            case "http" -> Optional.of(new HttpProgram(list(setting(section, "allowed-prefixes")),
                    Duration.ofSeconds(Long.parseLong(setting(section, "timeout-s", "30")))));
            case "exec" -> Optional.ofNullable(setting(section, "command")).map(command -> new ExecProgram(command,
                    list(setting(section, "args")), Duration.ofSeconds(Long.parseLong(setting(section, "timeout-s", "60")))));
            case "smtp" -> Optional.ofNullable(setting(section, "host")).map(host -> new SmtpProgram(host,
                    Integer.parseInt(setting(section, "port", "25")), setting(section, "from", "reports@localhost"),
                    setting(section, "username"), setting(section, "password"),
                    Boolean.parseBoolean(setting(section, "starttls", "false"))));
            default -> Optional.empty();
        };
    }

    private String setting(String section, String key) {
        return context.setting("reports.programs." + section + "." + key, String.class, null);
    }

    private String setting(String section, String key, String fallback) {
        String value = setting(section, key);
        return value == null ? fallback : value;
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A target address as a file name: letters, digits, dot, dash and underscore; the rest becomes '_'. */
    static String fileName(String target) {
        return target.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
    }

    /** A media type without its parameters, lower-case: {@code text/CSV; charset=utf-8} is {@code text/csv}. */
    static String baseType(String mediaType) {
        return mediaType.split(";")[0].strip().toLowerCase();
    }

    /**
     * At most {@code max} bytes of a file as text, from its start or its end, read without loading the file: what a
     * failure message quotes of a reply or a command's output.
     */
    static String excerpt(Path file, int max, boolean fromEnd) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(fromEnd ? Math.max(0, channel.size() - max) : 0);
            ByteBuffer bytes = ByteBuffer.allocate(max);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // keep reading until max bytes or the end
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).strip();
        }
    }

    static String extension(String mimeType) {
        return switch (baseType(mimeType)) {
            case "text/csv" -> "csv";
            case "application/json" -> "json";
            case "text/plain" -> "txt";
            case "text/html" -> "html";
            case "application/pdf" -> "pdf";
            default -> "bin";
        };
    }

    private record FileProgram(Path directory) implements Program {

        @Override
        public String refusal(String target) {
            return fileName(target).isBlank() ? "must name the file" : null;
        }

        @Override
        public void send(Delivery d) throws IOException {
            Files.createDirectories(directory);
            Path file = directory.resolve(fileName(d.target()) + "-" + d.slotSeconds() + "." + extension(d.mimeType()));
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file + " exists: slot " + d.slotSeconds() + " was written before");
            }
            Path part = directory.resolve("." + file.getFileName() + ".part");
            Files.copy(d.content(), part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private final class HttpProgram implements Program {
        private final List<String> allowed;
        private final Duration timeout;

        HttpProgram(List<String> allowed, Duration timeout) {
            this.allowed = allowed;
            this.timeout = timeout;
        }

        @Override
        public String refusal(String target) {
            if (!target.startsWith("http://") && !target.startsWith("https://")) {
                return "must be an http(s) URL";
            }
            try {
                URI.create(target);
            } catch (IllegalArgumentException e) {
                return "is not a valid URL";
            }
            return allowed.stream().anyMatch(target::startsWith) ? null
                    : "must start with one of the program's allowed prefixes " + allowed;
        }

        @Override
        public void send(Delivery d) throws IOException, InterruptedException {
            String refused = refusal(d.target());
            if (refused != null) {
                throw new IllegalStateException("target_address " + refused);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.target())).timeout(timeout)
                    .header("Content-Type", d.mimeType())
                    .header("X-Report-Serial", Long.toString(d.serial()))
                    .header("X-Report-Slot", Long.toString(d.slotSeconds()))
                    .POST(HttpRequest.BodyPublishers.ofFile(d.content())).build();
            HttpResponse<InputStream> response = http.obtain().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream reply = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    // the receiver's words, not its whole reply: it may be large
                    String said = new String(reply.readNBytes(200), StandardCharsets.UTF_8).strip();
                    throw new IOException("HTTP " + response.statusCode() + " from " + d.target() + (said.isEmpty() ? "" : ": " + said));
                }
            }
        }
    }

    private record ExecProgram(String command, List<String> args, Duration timeout) implements Program {

        @Override
        public String refusal(String target) {
            return target.isBlank() ? "must not be empty" : null;
        }

        @Override
        public void send(Delivery d) throws IOException, InterruptedException {
            List<String> argv = new ArrayList<>();
            argv.add(command);
            argv.addAll(args);
            argv.add(d.target());
            Path output = Files.createTempFile("report-exec-", ".out");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(d.content().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("REPORT_SERIAL", Long.toString(d.serial()));
            builder.environment().put("REPORT_SLOT", Long.toString(d.slotSeconds()));
            builder.environment().put("REPORT_MIME_TYPE", d.mimeType());
            builder.environment().put("REPORT_DESCRIPTION", d.description());
            try {
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(command + " did not finish within " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IOException(command + " exited with " + process.exitValue() + ": " + excerpt(output, 500, true));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        }
    }

    private record SmtpProgram(String host, int port, String from, String username, String password, boolean starttls)
            implements Program {

        @Override
        public String refusal(String target) {
            try {
                new InternetAddress(target, true);
                return target.contains("@") ? null : "must be an e-mail address";
            } catch (AddressException e) {
                return "must be an e-mail address";
            }
        }

        @Override
        public void send(Delivery d) throws Exception {
            JavaMailSenderImpl mail = new JavaMailSenderImpl();
            mail.setHost(host);
            mail.setPort(port);
            mail.setUsername(username);
            mail.setPassword(password);
            mail.getJavaMailProperties().put("mail.smtp.starttls.enable", Boolean.toString(starttls));
            mail.getJavaMailProperties().put("mail.smtp.auth", Boolean.toString(username != null));
            mail.getJavaMailProperties().put("mail.smtp.connectiontimeout", "10000");
            mail.getJavaMailProperties().put("mail.smtp.timeout", "30000");
            // Jakarta Mail finds its providers through the context class loader: this plugin's, where it is bundled
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(Programs.class.getClassLoader());
            try {
                MimeMessage message = mail.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
                helper.setFrom(from);
                helper.setTo(d.target());
                helper.setSubject(d.description().isBlank() ? "Report " + d.serial() : d.description());
                helper.setText("Report " + d.serial() + " for " + java.time.Instant.ofEpochSecond(d.slotSeconds()) + ".");
                helper.addAttachment("report-" + d.slotSeconds() + "." + extension(d.mimeType()),
                        new org.springframework.core.io.FileSystemResource(d.content()), d.mimeType());
                mail.send(message);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
