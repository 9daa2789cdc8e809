package com.example.feed;

import java.math.BigDecimal;
import java.util.List;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskType;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records read from a paginated HTTP API, the third shape of rows task: {@code feed/import} takes no upload; the
 * plugin reads the records itself ({@link PagedFeed}, a {@code RecordSource} with a checkpoint), and the engine handles
 * every record as a row of an upload: checked by the row handler, written chunk by chunk, failures in
 * {@code out.csv} with their number and reason, progress, stop and restart from the last chunk.
 */
public class FeedPlugin implements BatchworksPlugin {

    /** What the handler makes of a record. */
    record Entry(long id, String name, BigDecimal amount) {
    }

    @Override
    public String migrations() {
        return "db/feed";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        JdbcTemplate jdbc = new JdbcTemplate(context.dataSource());
        return List.of(TaskType.builder("feed", "import")
                .description("Import the records of a paginated HTTP API")
                .doc("Reads url (GET url?limit=N[&cursor=C], answering {\"records\": [{\"id\", \"name\", \"amount\"}], \"next\": C"
                        + " or null}) page after page, page_size records a page (default 100). name: lower-case letters and"
                        + " digits; amount: a decimal, or none.")
                .permission(Permission.ACCOUNT)
                .params(task -> {
                    String url = task.params().get("url");
                    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                        throw ApiException.badRequest("url", "url must be the http(s) address of the records' first page");
                    }
                })
                .records(new PagedFeed(), "id", "name", "amount")
                .rows((row, task) -> {
                    String name = row.get("name");
                    if (name == null || !name.matches("[a-z0-9]+")) {
                        throw new RowRejectedException("name must be lower-case letters and digits");
                    }
                    try {
                        return new Entry(Long.parseLong(row.get("id")), name, row.get("amount") == null ? null : new BigDecimal(row.get("amount")));
                    } catch (NumberFormatException e) {
                        throw new RowRejectedException("id must be a whole number and amount a decimal");
                    }
                }, (items, task) -> jdbc.batchUpdate(
                        "INSERT INTO feed_record (account_id, task_id, id, name, amount) VALUES (?, ?, ?, ?, ?)",
                        items.all().stream().map(e -> new Object[] {task.accountId(), task.id(), e.id(), e.name(), e.amount()}).toList()))
                .build());
    }
}
