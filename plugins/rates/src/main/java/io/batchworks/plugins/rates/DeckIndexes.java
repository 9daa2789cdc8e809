package io.batchworks.plugins.rates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.data.Database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ratedecks' in-memory indexes ({@link DeckIndex}) of this node, and the deck versions that keep them right.
 *
 * <p>Every change to a deck's rates raises its version in {@code rates_deck}, in the change's own transaction. An
 * index records the version it was built at and is used only while the database still says that version: a batch of
 * lookups (rating) reads the version first; a single lookup reads it at most every {@code rates.lookup.recheck}
 * (default 1 s), and again after each transaction of this node that changed the deck, so a node's own import or
 * delete is seen at once and another node's within the recheck interval. Meanwhile, and for a deck bigger than the budget
 * ({@code rates.lookup.index-max-rates} rates on this node, about 60 bytes each, least recently used decks dropped
 * first; 0 turns the indexes off), lookups ask the database. Indexes are built on a thread of their own once the
 * deck's version has held still for the recheck interval (not after each chunk of a running import), from pages of
 * the table, never the whole result at once, and kept only when the version did not move while they were read.
 */
final class DeckIndexes {

    private static final Logger log = LoggerFactory.getLogger(DeckIndexes.class);
    private static final int PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final Database database;
    /** A deck's rows as its index holds them. */
    private final String deckQuery;
    /** One page of a deck, in the order of the primary key (HSQLDB). */
    private final String pageQuery;
    private final long maxRates;
    private final long recheckNanos;
    private final Executor builder;
    private final Map<String, Deck> decks = new ConcurrentHashMap<>();

    DeckIndexes(PluginContext context, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.database = context.database();
        this.deckQuery = "SELECT id, prefix, direction, weight, rate_cost, rate_surcharge, rate_increment, rate_minimum,"
                + " rate_nocharge_time FROM rates WHERE ratedeck_id = ?";
        // HSQLDB picks an index by the equality alone (the deck's), so each page would read and sort the whole deck
        // (a 200,000-rate deck was not indexed after a minute): USING INDEX makes it walk the primary key in order instead
        this.pageQuery = deckQuery + " AND id > ? ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY USING INDEX";
        this.maxRates = context.setting("rates.lookup.index-max-rates", Long.class, 2_000_000L);
        this.recheckNanos = context.duration("rates.lookup.recheck", ChronoUnit.MILLIS, Duration.ofSeconds(1)).toNanos();
        this.builder = maxRates > 0 ? context.executor("lookup-index", 1) : null;
    }

    /** A deck's state on this node. */
    private static final class Deck {
        volatile DeckIndex index;
        volatile long version = -1;
        volatile long checkedAt;
        /** When a lookup last saw the version move. */
        volatile long changedAt;
        /** Raised when a transaction of this node that changed the deck ends: the version is read again. */
        final AtomicLong ownChanges = new AtomicLong();
        volatile long checkedOwnChanges = -1;
        volatile long usedAt;
        final AtomicBoolean building = new AtomicBoolean();
        /** The version at which the deck was found too big or not indexable; not tried again until it moves. */
        volatile long refusedVersion = -1;
    }

    /**
     * The deck's index if it is current, else {@code null} (ask the database), starting a build when none runs.
     *
     * @param exact read the deck's version now rather than trust one read within the recheck interval
     */
    DeckIndex current(String deckId, boolean exact) {
        if (builder == null) {
            return null;
        }
        Deck deck = decks.computeIfAbsent(deckId, d -> new Deck());
        long now = System.nanoTime();
        long ownChanges = deck.ownChanges.get();
        long version = deck.version;
        if (exact || ownChanges != deck.checkedOwnChanges || now - deck.checkedAt > recheckNanos) {
            version = version(deckId); // this lookup trusts its own read, whatever other lookups read meanwhile
            if (deck.version >= 0 && version != deck.version) {
                deck.changedAt = now;
            }
            deck.version = version;
            deck.checkedAt = now;
            deck.checkedOwnChanges = ownChanges; // as counted before the read: a commit since makes the next lookup read again
        }
        DeckIndex index = deck.index;
        deck.usedAt = now;
        if (index != null && index.version() == version) {
            return index;
        }
        // not while an import or delete is changing the deck chunk after chunk: each build would be stale when done
        if (deck.refusedVersion != version && now - deck.changedAt > recheckNanos && deck.building.compareAndSet(false, true)) {
            builder.execute(() -> build(deckId, deck));
        }
        return null;
    }

    /**
     * Raises the versions of the decks a chunk changed, in its transaction: the indexes of them on every node stop
     * being used, on this node from the first lookup after the transaction ends. Decks in one order, so two chunks
     * raising the same two never wait for each other in turn.
     */
    void changed(Collection<String> deckIds) {
        for (String deckId : new TreeSet<>(deckIds)) {
            jdbc.update(database == Database.POSTGRESQL
                    ? "INSERT INTO rates_deck (ratedeck_id, version) VALUES (?, 1)"
                            + " ON CONFLICT (ratedeck_id) DO UPDATE SET version = rates_deck.version + 1"
                    : "MERGE INTO rates_deck t USING (VALUES (CAST(? AS VARCHAR(128)))) AS s(ratedeck_id)"
                            + " ON t.ratedeck_id = s.ratedeck_id WHEN MATCHED THEN UPDATE SET version = t.version + 1"
                            + " WHEN NOT MATCHED THEN INSERT (ratedeck_id, version) VALUES (s.ratedeck_id, 1)", deckId);
            Deck deck = decks.computeIfAbsent(deckId, d -> new Deck());
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        deck.ownChanges.incrementAndGet();
                    }
                });
            } else {
                deck.ownChanges.incrementAndGet();
            }
        }
    }

    /** What this node holds, for {@code GET /v2/rates/lookup-index}. */
    Map<String, Object> describe() {
        List<Map<String, Object>> held = new ArrayList<>();
        new TreeSet<>(decks.keySet()).forEach(deckId -> {
            Deck deck = decks.get(deckId);
            DeckIndex index = deck.index;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("ratedeck_id", deckId);
            d.put("state", index != null && index.version() == deck.version ? "indexed"
                    : deck.building.get() ? "building" : deck.refusedVersion == deck.version ? "too_big" : "database");
            d.put("version", deck.version);
            if (index != null) {
                d.put("indexed_version", index.version());
                d.put("rates", index.rates());
                d.put("prefixes", index.prefixCount());
                d.put("bytes", index.bytes());
            }
            held.add(d);
        });
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("max_rates", maxRates);
        described.put("recheck_ms", Duration.ofNanos(recheckNanos).toMillis());
        described.put("ratedecks", held);
        return described;
    }

    private long version(String deckId) {
        List<Long> found = jdbc.queryForList("SELECT version FROM rates_deck WHERE ratedeck_id = ?", Long.class, deckId);
        return found.isEmpty() ? 0 : found.get(0);
    }

    private void build(String deckId, Deck deck) {
        try {
            long started = System.nanoTime();
            long before = version(deckId);
            Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rates WHERE ratedeck_id = ?", Long.class, deckId);
            if (count == null || count > maxRates) {
                refuse(deckId, deck, before, count + " rates, more than rates.lookup.index-max-rates (" + maxRates + ")");
                return;
            }
            DeckIndex.Builder rows = new DeckIndex.Builder(count.intValue());
            boolean exact = database == Database.HSQLDB ? readPages(deckId, rows) : readAtOnce(deckId, rows);
            if (!exact) {
                refuse(deckId, deck, before, "a rate the index cannot hold exactly (a prefix longer than "
                        + DeckIndex.MAX_PREFIX_DIGITS + " digits, another direction, or an amount too large)");
                return;
            }
            if (version(deckId) != before) {
                return; // changed while read: the next lookup starts again
            }
            DeckIndex index = rows.build(deckId, before);
            deck.index = index;
            keepWithinBudget(deck);
            log.info("Ratedeck {} indexed for lookups: {} rates, {} prefixes, {} KB, in {} ms", deckId, index.rates(),
                    index.prefixCount(), index.bytes() / 1024, Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (RuntimeException e) {
            log.warn("Ratedeck {} could not be indexed; its lookups ask the database", deckId, e);
        } finally {
            deck.building.set(false);
        }
    }

    /** The deck's rows into {@code rows}, a page at a time in id order (HSQLDB holds a result whole); false when one cannot be held. */
    private boolean readPages(String deckId, DeckIndex.Builder rows) {
        long[] lastId = {Long.MIN_VALUE};
        boolean[] exact = {true};
        int read;
        do {
            int pageStart = rows.size();
            jdbc.query(pageQuery, rs -> {
                lastId[0] = rs.getLong(1);
                exact[0] &= add(rows, rs);
            }, deckId, lastId[0]);
            read = rows.size() - pageStart;
        } while (exact[0] && read == PAGE);
        return exact[0];
    }

    /**
     * The deck's rows into {@code rows} in one query, streamed with a fetch size (PostgreSQL streams only inside a
     * transaction). One query whatever the plan: pages in id order were planned as a scan and sort of the whole deck
     * each while the table had no statistics yet, right after a big import.
     */
    private boolean readAtOnce(String deckId, DeckIndex.Builder rows) {
        try (Connection c = jdbc.getDataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(deckQuery)) {
                ps.setFetchSize(PAGE);
                ps.setString(1, deckId);
                boolean exact = true;
                try (ResultSet rs = ps.executeQuery()) {
                    while (exact && rs.next()) {
                        exact = add(rows, rs);
                    }
                }
                return exact;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ratedeck " + deckId + " could not be read: " + e.getMessage(), e);
        }
    }

    private static boolean add(DeckIndex.Builder rows, ResultSet rs) throws SQLException {
        return rows.add(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                rs.getInt(7), rs.getInt(8), rs.getInt(9));
    }

    private void refuse(String deckId, Deck deck, long version, String why) {
        deck.refusedVersion = version;
        deck.index = null;
        log.info("Ratedeck {} is looked up in the database: {}", deckId, why);
    }

    /** Drops the least recently used other decks' indexes until the budget holds. */
    private synchronized void keepWithinBudget(Deck kept) {
        long held = decks.values().stream().map(d -> d.index).filter(Objects::nonNull).mapToLong(DeckIndex::rates).sum();
        while (held > maxRates) {
            Map.Entry<String, Deck> oldest = decks.entrySet().stream()
                    .filter(e -> e.getValue() != kept && e.getValue().index != null)
                    .min(Comparator.comparingLong(e -> e.getValue().usedAt)).orElse(null);
            if (oldest == null) {
                return;
            }
            held -= oldest.getValue().index.rates();
            oldest.getValue().index = null;
            log.info("Ratedeck {} dropped from memory to stay within rates.lookup.index-max-rates", oldest.getKey());
        }
    }
}
