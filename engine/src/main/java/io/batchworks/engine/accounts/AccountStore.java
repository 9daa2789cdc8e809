package io.batchworks.engine.accounts;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.batchworks.engine.Ids;
import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.accounts.Accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Kazoo's account tree: the master (super-admin) account, resellers, their sub-accounts. */
@Component
public class AccountStore implements Accounts {

    private static final String COLUMNS = "id, name, parent_id, is_reseller, is_superduper_admin, ratedeck_id";
    private static final RowMapper<Account> MAPPER = (rs, n) -> new Account(rs.getString("id"), rs.getString("name"),
            rs.getString("parent_id"), rs.getBoolean("is_reseller"), rs.getBoolean("is_superduper_admin"),
            rs.getString("ratedeck_id"));

    private final JdbcClient jdbc;
    /**
     * Accounts by id, as read: an account never changes once created (nothing updates or deletes {@code bw_account}),
     * so a node may keep what it read. One not found is not kept: another node may create it.
     */
    private final Cache<String, Account> byId = Caffeine.newBuilder().maximumSize(100_000).build();

    public AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Account> find(String accountId) {
        Account known = byId.getIfPresent(accountId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Account> read = jdbc.sql("SELECT " + COLUMNS + " FROM bw_account WHERE id = ?").param(accountId).query(MAPPER).optional();
        read.ifPresent(a -> byId.put(accountId, a));
        return read;
    }

    /** The account as Kazoo's account document shows it. */
    public static Map<String, Object> document(Account a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("name", a.name());
        if (a.parentId() != null) {
            v.put("parent_id", a.parentId());
        }
        v.put("is_reseller", a.reseller());
        v.put("superduper_admin", a.superAdmin());
        if (a.ratedeckId() != null) {
            v.put("ratedeck_id", a.ratedeckId());
        }
        return v;
    }

    public Optional<Account> master() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bw_account WHERE parent_id IS NULL AND is_superduper_admin = TRUE")
                .query(MAPPER).optional();
    }

    public Optional<Account> findByApiKey(String apiKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bw_account WHERE api_key = ?").param(apiKey).query(MAPPER).optional();
    }

    public Optional<String> apiKey(String accountId) {
        return jdbc.sql("SELECT api_key FROM bw_account WHERE id = ?").param(accountId).query(String.class).optional();
    }

    public Account create(String name, String parentId, boolean reseller, boolean superAdmin, String ratedeckId) {
        Account account = new Account(Ids.newId(), name, parentId, reseller, superAdmin, ratedeckId);
        jdbc.sql("INSERT INTO bw_account (id, name, parent_id, is_reseller, is_superduper_admin, ratedeck_id, api_key, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(account.id(), name, parentId, reseller, superAdmin, ratedeckId, Ids.newSecret(), System.currentTimeMillis())
                .update();
        return account;
    }

    /** The account and its ancestors, nearest first, up to the master account. */
    public List<Account> lineage(String accountId) {
        List<Account> lineage = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<Account> current = find(accountId);
        while (current.isPresent() && seen.add(current.get().id())) {
            lineage.add(current.get());
            String parent = current.get().parentId();
            current = parent == null ? Optional.empty() : find(parent);
        }
        return lineage;
    }

    /** True when {@code accountId} is {@code ancestorId} or lies beneath it. */
    public boolean isWithin(String accountId, String ancestorId) {
        return lineage(accountId).stream().anyMatch(a -> a.id().equals(ancestorId));
    }

    @Override
    public Optional<String> ratedeckFor(String accountId) {
        List<Account> lineage = lineage(accountId);
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        if (lineage.get(0).ratedeckId() != null) {
            return Optional.of(lineage.get(0).ratedeckId());
        }
        return lineage.stream().skip(1).filter(Account::reseller).findFirst().map(Account::ratedeckId);
    }
}
