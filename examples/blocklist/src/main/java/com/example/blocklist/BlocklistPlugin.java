package com.example.blocklist;

import java.util.List;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskType;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Numbers an account refuses calls from. Two task types, each declared in one place with its help, permission and
 * work: {@code blocklist/import} (a CSV of numbers, each checked; good rows written, bad ones reported with their
 * line and reason) and {@code blocklist/export}; and a lookup route,
 * {@code GET /v2/accounts/{account_id}/blocklist/{number}}.
 */
public class BlocklistPlugin implements BatchworksPlugin {

    @Override
    public String migrations() {
        return "db/blocklist";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        BlocklistStore store = new BlocklistStore(context.dataSource());
        return List.of(
                TaskType.builder("blocklist", "import")
                        .description("Block numbers for an account")
                        .doc("Adds each row's number to the account's blocklist, or updates its reason and expiry. "
                                + "number: E.164 (+14155550100); reason: " + String.join(", ", BlockedNumberRows.REASONS)
                                + "; expires: a date (yyyy-mm-dd), empty for never.")
                        .expectedContent("text/csv")
                        .mandatory("number", "reason")
                        .optional("expires")
                        .permission(Permission.ACCOUNT)
                        .rows(new BlockedNumberRows(), (items, task) -> store.save(items.all()))
                        .build(),
                TaskType.builder("blocklist", "export")
                        .description("Export an account's blocklist")
                        .doc("Every blocked number of the account, ordered by number.")
                        .permission(Permission.ACCOUNT)
                        .export(task -> new ExportQuery(List.of("number", "reason", "expires"),
                                "SELECT number, reason, expires FROM blocklist_entry WHERE account_id = ? ORDER BY number",
                                List.of(task.accountId())))
                        .build());
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        return new BlocklistApi(context, new BlocklistStore(context.dataSource())).routes();
    }
}
