package com.example.blocklist;

import java.sql.Date;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code blocklist_entry} table. Its writes join the engine's chunk transaction (the context's data source). */
final class BlocklistStore {

    private final JdbcTemplate jdbc;

    BlocklistStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Adds or replaces each entry: delete then insert, which reads the same on HSQLDB and PostgreSQL. */
    void save(List<BlockedNumber> entries) {
        jdbc.batchUpdate("DELETE FROM blocklist_entry WHERE account_id = ? AND number = ?",
                entries.stream().map(e -> new Object[] {e.accountId(), e.number()}).toList());
        jdbc.batchUpdate("INSERT INTO blocklist_entry (account_id, number, reason, expires) VALUES (?, ?, ?, ?)",
                entries.stream().map(e -> new Object[] {e.accountId(), e.number(), e.reason(),
                        e.expires() == null ? null : Date.valueOf(e.expires())}).toList());
    }

    Optional<BlockedNumber> find(String accountId, String number) {
        return jdbc.query("SELECT reason, expires FROM blocklist_entry WHERE account_id = ? AND number = ?",
                (rs, i) -> new BlockedNumber(accountId, number, rs.getString("reason"),
                        rs.getDate("expires") == null ? null : rs.getDate("expires").toLocalDate()),
                accountId, number).stream().findFirst();
    }
}
