package io.batchworks.plugins.numbers;

import java.util.List;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.node.ObjectNode;

/**
 * Kazoo's resources API: {@code [/v2/accounts/{ACCOUNT_ID}]/v2/resources[/{RESOURCE_ID}]}, and the deprecated
 * {@code global_resources} and {@code local_resources} spellings of it.
 */
final class ResourcesApi {

    private static final List<String> NOUNS = List.of("resources", "local_resources", "global_resources");

    private final ResourceStore store;
    private final Scopes scopes;

    ResourcesApi(ResourceStore store, Scopes scopes) {
        this.store = store;
        this.scopes = scopes;
    }

    /** Adds the routes; declare them after the jobs routes, whose paths the {@code {id}} pattern would also match. */
    void routes(RouterFunctions.Builder routes) {
        for (String noun : NOUNS) {
            for (String base : List.of("/v2/accounts/{account}/" + noun, "/v2/" + noun)) {
                routes.GET(base, this::list)
                        .PUT(base, this::create)
                        .GET(base + "/{id}", this::read)
                        .POST(base + "/{id}", this::replace)
                        .DELETE(base + "/{id}", this::delete);
            }
        }
    }

    private ServerResponse list(ServerRequest request) {
        String account = scopes.resources(request);
        KazooPage page = KazooPage.of(request.servletRequest());
        List<ObjectNode> docs = store.list(account, page.startKey(), page.fetchSize());
        return ServerResponse.status(200).body(page.reply(request.servletRequest(), docs, ResourceDocs::summary,
                doc -> doc.get("id").asString()));
    }

    private ServerResponse create(ServerRequest request) throws Exception {
        String account = scopes.resources(request);
        ObjectNode doc = ResourceDocs.resource(ResourceDocs.data(request), Scopes.hex(16));
        store.insert(account, doc);
        return ServerResponse.status(201).body(KazooEnvelope.success(request.servletRequest(), doc));
    }

    private ServerResponse read(ServerRequest request) {
        String account = scopes.resources(request);
        return KazooEnvelope.ok(request, existing(account, request.pathVariable("id")));
    }

    private ServerResponse replace(ServerRequest request) throws Exception {
        String account = scopes.resources(request);
        String id = request.pathVariable("id");
        existing(account, id);
        ObjectNode doc = ResourceDocs.resource(ResourceDocs.data(request), id);
        if (!store.replace(account, doc)) {
            throw ApiException.notFound("resource_id", id);
        }
        return KazooEnvelope.ok(request, doc);
    }

    private ServerResponse delete(ServerRequest request) {
        String account = scopes.resources(request);
        String id = request.pathVariable("id");
        ObjectNode doc = existing(account, id);
        if (!store.delete(account, id)) {
            throw ApiException.notFound("resource_id", id);
        }
        return KazooEnvelope.ok(request, doc);
    }

    private ObjectNode existing(String account, String id) {
        return store.find(account, id).orElseThrow(() -> ApiException.notFound("resource_id", id));
    }
}
