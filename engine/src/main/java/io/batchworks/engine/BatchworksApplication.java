package io.batchworks.engine;

import java.io.File;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

// Callers authenticate by token only (security.TokenAuthenticationFilter): no user store, no generated password.
// Transactions are programmatic (TransactionTemplate, Spring Batch's own): nothing in the engine, its libraries or a
// plugin's API carries @Transactional, so the annotation's proxying is left out. Left in, it checks every method of
// every bean for the annotation at each start.
@SpringBootApplication(exclude = {UserDetailsServiceAutoConfiguration.class, TransactionAutoConfiguration.class})
@ConfigurationPropertiesScan
public class BatchworksApplication {

    public static void main(String[] args) {
        // The engine finds its plugins/ and jobs-config/ beside its own JAR, wherever it is started from.
        if (System.getProperty("batchworks.home") == null) {
            System.setProperty("batchworks.home", home().toString());
        }
        SpringApplication.run(BatchworksApplication.class, args);
    }

    private static Path home() {
        File source = new ApplicationHome(BatchworksApplication.class).getSource();
        if (source != null && source.isFile() && source.getName().endsWith(".jar")) {
            return source.getAbsoluteFile().toPath().getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
