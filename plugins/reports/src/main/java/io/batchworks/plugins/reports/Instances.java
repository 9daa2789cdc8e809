package io.batchworks.plugins.reports;

import java.util.Optional;

import javax.sql.DataSource;

import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.accounts.Accounts;

import org.springframework.jdbc.core.JdbcTemplate;

/** Taler instances: {@code default} is the master account; other accounts carry an instance id in {@code tr_instance}. */
final class Instances {

    private final JdbcTemplate jdbc;
    private final Accounts accounts;

    Instances(DataSource dataSource, Accounts accounts) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.accounts = accounts;
    }

    Optional<Instance> find(String instanceId) {
        if (instanceId.equals(Instance.DEFAULT)) {
            return accounts.master().map(master -> new Instance(Instance.DEFAULT, master.id()));
        }
        return jdbc.queryForList("SELECT account_id FROM tr_instance WHERE instance_id = ?", String.class, instanceId).stream()
                .findFirst().map(account -> new Instance(instanceId, account));
    }

    /** The account's instance id, if it has one ({@code default} for the master account). */
    Optional<String> of(String accountId) {
        if (accounts.master().map(Account::id).filter(accountId::equals).isPresent()) {
            return Optional.of(Instance.DEFAULT);
        }
        return jdbc.queryForList("SELECT instance_id FROM tr_instance WHERE account_id = ?", String.class, accountId).stream().findFirst();
    }

    /** Gives the account this instance id; false when another account has it. */
    boolean assign(String accountId, String instanceId) {
        Optional<Instance> taken = find(instanceId);
        if (taken.isPresent()) {
            return taken.get().accountId().equals(accountId);
        }
        jdbc.update("DELETE FROM tr_instance WHERE account_id = ?", accountId);
        jdbc.update("INSERT INTO tr_instance (instance_id, account_id) VALUES (?, ?)", instanceId, accountId);
        return true;
    }
}
