package io.batchworks.client;

import java.util.Map;
import java.util.UUID;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bw webhooks [add|attempts|enable|delete]}: the account's webhooks ({@code /v2/accounts/{A}/webhooks}); alone,
 * the list, with why a hook was disabled.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = "Webhooks: list (alone), add, attempts, enable, delete.")
final class WebhooksCommand implements Runnable {

    @ParentCommand
    private BwCommand bw;

    @Override
    public void run() {
        BwCommand.AccountApi account = bw.account();
        var found = BwCommand.allPages(account.api(), account.path("webhooks"), w -> true);
        bw.print(found, () -> found.forEach(w -> bw.out().println(line(w))));
    }

    @Command(name = "add", description = "Add a webhook: the events of HOOK (task, schedule or all) sent to URI.")
    int add(@Parameters(index = "0", paramLabel = "NAME") String name, @Parameters(index = "1", paramLabel = "URI") String uri,
            @Option(names = "--hook", defaultValue = "task", description = "task, schedule or all (default: ${DEFAULT-VALUE}).") String hook,
            @Option(names = "--verb", defaultValue = "post", description = "get, post or put (default: ${DEFAULT-VALUE}).") String verb,
            @Option(names = "--retries", defaultValue = "2", description = "Attempts after a failed one, 0 to 4 (default: ${DEFAULT-VALUE}).")
            int retries,
            @Option(names = "--data", paramLabel = "KEY=VALUE",
                    description = "custom_data: a hook's modifier (e.g. status=failure, category=rates) narrows it; any other key is sent along.")
            Map<String, String> data,
            @Option(names = "--include-subaccounts", description = "Also the events of the account's sub-accounts.") boolean subaccounts) {
        ObjectNode hookData = ApiClient.JSON.createObjectNode().put("name", name).put("uri", uri).put("hook", hook).put("http_verb", verb)
                .put("retries", retries).put("include_subaccounts", subaccounts);
        hookData.putPOJO("custom_data", data == null ? Map.of() : data);
        BwCommand.AccountApi account = bw.account();
        JsonNode created = account.api().withIdempotencyKey(UUID.randomUUID().toString())
                .sendJson("PUT", account.path("webhooks"), ApiClient.JSON.createObjectNode().set("data", hookData)).path("data");
        return bw.print(created, () -> bw.out().println("added " + line(created) + "\nsecret (signs each delivery): "
                + created.path("secret").asString()));
    }

    @Command(name = "attempts", description = "The latest delivery attempts: of one webhook, or of every one of the account.")
    int attempts(@Parameters(arity = "0..1", paramLabel = "ID") String id) {
        BwCommand.AccountApi account = bw.account();
        JsonNode attempts = account.api().get(account.path("webhooks") + (id == null ? "" : "/" + ApiClient.encode(id)) + "/attempts")
                .path("data");
        return bw.print(attempts, () -> attempts.forEach(a -> bw.out().println(a.path("hook_id").asString() + "  " + a.path("event_id").asString()
                + "  " + a.path("result").asString() + (a.has("reason") ? " (" + a.path("reason").asString() + ")" : "")
                + "  retries left " + a.path("retries left").asInt())));
    }

    @Command(name = "enable", description = "Enable a webhook again, e.g. one the engine disabled after failures.")
    int enable(@Parameters(paramLabel = "ID") String id) {
        JsonNode hook = bw.account().patch("webhooks", id, ApiClient.JSON.createObjectNode().put("enabled", true));
        return bw.print(hook, () -> bw.out().println("enabled " + line(hook)));
    }

    @Command(name = "delete", description = "Delete a webhook.")
    int delete(@Parameters(paramLabel = "ID") String id) {
        BwCommand.AccountApi account = bw.account();
        JsonNode hook = account.api().delete(account.path("webhooks") + "/" + ApiClient.encode(id)).path("data");
        return bw.print(hook, () -> bw.out().println("deleted webhook " + id));
    }

    /** {@code ID  name  hook → uri  enabled|disabled (why)}. */
    static String line(JsonNode w) {
        return w.path("id").asString() + "  " + w.path("name").asString() + "  " + w.path("hook").asString() + " → "
                + w.path("http_verb").asString() + " " + w.path("uri").asString() + "  "
                + (w.path("enabled").asBoolean() ? "enabled" : "disabled" + (w.has("disable_reason") ? " (" + w.path("disable_reason").asString() + ")" : ""));
    }
}
