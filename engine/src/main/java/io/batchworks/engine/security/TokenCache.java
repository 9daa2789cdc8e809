package io.batchworks.engine.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tokens recently used on this node, by hash, so that a request is authenticated without a database round trip.
 * A revocation empties the entry at once on every node: on PostgreSQL it is published with {@code NOTIFY}, which each
 * node hears on a {@code LISTEN} connection of its own; while that connection is down the cache is not trusted (every
 * request asks the database) and it is emptied when the connection is back, since revocations may have been missed.
 * HSQLDB's file belongs to one process, so there a revocation is only this node's to hear.
 */
@Component
class TokenCache {

    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);
    private static final String CHANNEL = "bw_token_revoked";
    /** The message of a revocation of many tokens at once (expired ones cleared): every entry goes. */
    private static final String ALL = "*";
    private static final long SIZE = 100_000;
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    /** A token as read from the database: what it grants, and when it was last used as far as this node knows. */
    record Entry(TokenStore.Grant grant, long lastUsed) {
    }

    private final Cache<String, Entry> entries = Caffeine.newBuilder().maximumSize(SIZE).build();
    private final AtomicLong revocations = new AtomicLong();
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile Connection connection;

    TokenCache(DataSource dataSource, JdbcClient jdbc, EngineDatabase database) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.postgres = database.kind() == Database.POSTGRESQL;
    }

    @PostConstruct
    void listen() {
        if (postgres) {
            Thread t = new Thread(this::hear, "token-revocations");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The cached token, or null: none, or the cache is not to be trusted now. */
    Entry get(String hash) {
        return trusted() ? entries.getIfPresent(hash) : null;
    }

    /** How many revocations this node has heard of: taken before a token is read, for {@link #put}. */
    long revocations() {
        return revocations.get();
    }

    /**
     * Keeps a token read from the database after {@link #revocations()} was {@code seen}; not if a revocation came
     * since, which the read may have missed (it would otherwise be kept after the revocation emptied its entry).
     */
    void put(String hash, Entry entry, long seen) {
        if (!trusted() || revocations.get() != seen) {
            return;
        }
        entries.put(hash, entry);
        if (revocations.get() != seen) { // a revocation between the check and the put: counted before it empties
            entries.invalidate(hash);
        }
    }

    /** The token was revoked: gone here, and on every other node once the revocation commits. */
    void revoked(String hash) {
        forget(hash);
        publish(hash);
    }

    /** Many tokens were deleted at once. */
    void revokedMany() {
        forgetAll();
        publish(ALL);
    }

    private void forget(String hash) {
        revocations.incrementAndGet();
        entries.invalidate(hash);
    }

    private void forgetAll() {
        revocations.incrementAndGet();
        entries.invalidateAll();
    }

    private boolean trusted() {
        return !postgres || listening;
    }

    private void publish(String message) {
        if (postgres) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, message).query().listOfRows();
        }
    }

    private void hear() {
        while (!stopped) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                connection = c;
                s.execute("LISTEN " + CHANNEL);
                forgetAll(); // revocations made while no one listened here are unknown
                listening = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] heard = pg.getNotifications((int) RECONNECT.toMillis());
                    if (heard != null) {
                        for (PGNotification n : heard) {
                            if (ALL.equals(n.getParameter())) {
                                forgetAll();
                            } else {
                                forget(n.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listening && !stopped) {
                    log.warn("Token revocations cannot be heard ({}); tokens are checked in the database until they can", e.toString());
                }
            } finally {
                listening = false;
                forgetAll();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(RECONNECT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("The revocations' connection did not close cleanly", e);
            }
        }
    }
}
