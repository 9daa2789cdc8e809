package io.batchworks.engine.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This engine process as a node of its database ({@code bw_node}): it takes its name ({@code batchworks.node}) at
 * start, records a heartbeat every {@code batchworks.cluster.heartbeat}, and marks itself stopped at a graceful end.
 * A name is one process's at a time: a start is refused while another live process holds it, since two processes of
 * one name would take each other's tasks. A holder is not live when it stopped, when its heartbeat is older than
 * {@code dead-after}, or when it ran on this host and its process is gone (a restart after {@code kill -9} needs no
 * wait).
 */
@Component
@DependsOn("flywayInitializer") // takes its name before the web server answers: a refused start serves nothing
public class Nodes {

    private static final Logger log = LoggerFactory.getLogger(Nodes.class);

    /** One node as recorded. */
    public record Node(String name, String host, long pid, long started, long heartbeat, Long stopped) {

        /** Neither stopped nor silent for {@code deadAfter}. */
        public boolean alive(long now, Duration deadAfter) {
            return stopped == null && now - heartbeat < deadAfter.toMillis();
        }
    }

    private final JdbcClient jdbc;
    private final String name;
    private final EngineSettings.Cluster settings;
    private final String instance = UUID.randomUUID().toString();
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final ScheduledExecutorService timer = Timers.daemon("node-heartbeat");
    private volatile boolean beating;

    Nodes(JdbcClient jdbc, EngineSettings settings) {
        this.jdbc = jdbc;
        this.name = settings.node();
        this.settings = settings.cluster();
    }

    @PostConstruct
    void join() {
        take();
        long every = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** This node's name. */
    public String name() {
        return name;
    }

    /** Every node that ever ran on this database, by name. */
    public List<Node> all() {
        return jdbc.sql("SELECT * FROM bw_node ORDER BY name").query(Node.class).list();
    }

    /** The names of the other nodes that are not alive (stopped, or silent for {@code dead-after}). */
    public List<String> deadOthers() {
        long now = System.currentTimeMillis();
        return all().stream().filter(n -> !n.name().equals(name) && !n.alive(now, settings.deadAfter())).map(Node::name).toList();
    }

    /** How long a node may be silent before it counts as dead. */
    public Duration deadAfter() {
        return settings.deadAfter();
    }

    private void take() {
        long now = System.currentTimeMillis();
        Optional<Node> holder = jdbc.sql("SELECT * FROM bw_node WHERE name = ?").param(name).query(Node.class).optional();
        if (holder.isPresent() && live(holder.get(), now)) {
            Node h = holder.get();
            throw new IllegalStateException("node name " + name + " is taken by process " + h.pid() + " on " + h.host() + " (heartbeat "
                    + (now - h.heartbeat()) + " ms ago): give each engine on this database its own batchworks.node");
        }
        int updated = jdbc.sql("UPDATE bw_node SET instance = ?, host = ?, pid = ?, started = ?, heartbeat = ?, stopped = NULL WHERE name = ?")
                .params(instance, host, pid, now, now, name).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO bw_node (name, instance, host, pid, started, heartbeat) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(name, instance, host, pid, now, now).update();
            } catch (DuplicateKeyException e) {
                throw new IllegalStateException("node name " + name + " was taken by another process starting at the same moment", e);
            }
        }
        beating = true;
        log.info("Node {} (process {} on {}) joined; heartbeat every {}, dead after {}", name, pid, host, settings.heartbeat(),
                settings.deadAfter());
    }

    private boolean live(Node holder, long now) {
        if (!holder.alive(now, settings.deadAfter())) {
            return false;
        }
        return !holder.host().equals(host) || (holder.pid() != pid && ProcessHandle.of(holder.pid()).isPresent());
    }

    private void beat() {
        try {
            int updated = jdbc.sql("UPDATE bw_node SET heartbeat = ? WHERE name = ? AND instance = ?")
                    .params(System.currentTimeMillis(), name, instance).update();
            if (updated == 0 && beating) {
                log.error("Node {}: another process has taken this name; this one stops claiming it", name);
                beating = false;
            } else if (updated == 1 && !beating) {
                log.info("Node {}: heartbeat recorded again", name);
                beating = true;
            }
        } catch (DataAccessException e) {
            if (beating) {
                log.warn("Node {}: cannot record its heartbeat ({}); other nodes may count it dead after {}", name, e.getMessage(),
                        settings.deadAfter());
                beating = false;
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        try {
            jdbc.sql("UPDATE bw_node SET stopped = ? WHERE name = ? AND instance = ?").params(System.currentTimeMillis(), name, instance)
                    .update();
        } catch (DataAccessException e) {
            log.warn("Node {}: could not record its stop ({})", name, e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
