package io.batchworks.plugins.numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.node.ObjectNode;

/** The {@code nb_resource} table. An {@code account} of {@code null} means the global resources. */
final class ResourceStore {

    private final JdbcClient jdbc;

    ResourceStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** A page of a scope's resources by id, from {@code fromId} on. */
    List<ObjectNode> list(String account, String fromId, int limit) {
        List<Object> params = new ArrayList<>(inScope(account, fromId == null ? "" : fromId));
        params.add(limit);
        return jdbc.sql("SELECT doc FROM nb_resource WHERE id >= ? AND " + scope(account) + " ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(params).query((rs, n) -> ResourceDocs.parse(rs.getString("doc"))).list();
    }

    Optional<ObjectNode> find(String account, String id) {
        return jdbc.sql("SELECT doc FROM nb_resource WHERE id = ? AND " + scope(account)).params(inScope(account, id))
                .query((rs, n) -> ResourceDocs.parse(rs.getString("doc"))).optional();
    }

    void insert(String account, ObjectNode doc) {
        long now = System.currentTimeMillis();
        jdbc.sql("INSERT INTO nb_resource (id, account_id, doc, created, modified) VALUES (?, ?, ?, ?, ?)")
                .params(doc.get("id").asString(), account, ResourceDocs.JSON.writeValueAsString(doc), now, now).update();
    }

    boolean replace(String account, ObjectNode doc) {
        return jdbc.sql("UPDATE nb_resource SET doc = ?, modified = ? WHERE id = ? AND " + scope(account))
                .params(inScope(account, ResourceDocs.JSON.writeValueAsString(doc), System.currentTimeMillis(),
                        doc.get("id").asString()))
                .update() == 1;
    }

    boolean delete(String account, String id) {
        return jdbc.sql("DELETE FROM nb_resource WHERE id = ? AND " + scope(account)).params(inScope(account, id)).update() == 1;
    }

    /** The condition that keeps a statement to one scope; it comes last in the WHERE clause. */
    private static String scope(String account) {
        return account == null ? "account_id IS NULL" : "account_id = ?";
    }

    /** A statement's parameters followed by the scope's, if it has one. */
    private static List<Object> inScope(String account, Object... params) {
        List<Object> all = new ArrayList<>(List.of(params));
        if (account != null) {
            all.add(account);
        }
        return all;
    }
}
