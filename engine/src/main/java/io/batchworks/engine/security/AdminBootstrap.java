package io.batchworks.engine.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.accounts.AccountStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At first start: creates the master account and a super-admin token, and writes the token to
 * {@code <data-dir>/admin-token} (readable by the owner only). At every start: writes a new one there if the token
 * in the file has expired or was revoked, and clears expired tokens and one-request tokens a crash left behind.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final EngineSettings settings;

    AdminBootstrap(AccountStore accounts, TokenStore tokens, EngineSettings settings) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        int cleared = tokens.clearStale();
        if (cleared > 0) {
            log.info("Cleared {} expired or left-over tokens", cleared);
        }
        Path file = settings.dataDir().resolve("admin-token").toAbsolutePath();
        if (accounts.master().isPresent() && Files.exists(file) && tokens.grantOf(Files.readString(file).strip()).isPresent()) {
            log.info("Super-admin token is in {}", file);
            return;
        }
        var master = accounts.master().orElseGet(() -> accounts.create("master", null, true, true, null));
        String token = tokens.issue(master.id());
        Files.createDirectories(file.getParent());
        // written beside it and moved into place: whoever reads the file never sees it empty or half-written
        Path written = file.resolveSibling("admin-token." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(written);
        Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, token + "\n");
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("Master account {}: a new super-admin token is in {} (mode 600)", master.id(), file);
    }

}
