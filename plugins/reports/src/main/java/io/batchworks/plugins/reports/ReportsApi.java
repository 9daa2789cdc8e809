package io.batchworks.plugins.reports;

import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Caller;
import io.batchworks.plugin.web.EnginePaths;
import io.batchworks.plugin.web.JsonBodies;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * GNU Taler's {@code [/instances/{I}]/private/reports[/{id}]} (POST, GET, PATCH, DELETE), wire-compatible, with
 * Taler's error bodies; and {@code PUT/GET /v2/accounts/{A}/taler_instance}, which gives an account its instance id.
 * Reads need the token permission {@code reports-read}, changes {@code reports-write} (full tokens have both).
 */
final class ReportsApi {

    static final String READ = "reports-read";
    static final String WRITE = "reports-write";
    private static final String REPORTS = "/private/reports";
    private static final String INSTANCE = "/instances/{instance}";

    private final PluginContext context;
    private final Instances instances;
    private final ReportStore store;
    private final Programs programs;

    ReportsApi(PluginContext context, Instances instances, ReportStore store, Programs programs) {
        this.context = context;
        this.instances = instances;
        this.store = store;
        this.programs = programs;
    }

    RouterFunction<ServerResponse> routes() {
        var routes = RouterFunctions.route();
        for (String prefix : List.of("", INSTANCE)) {
            routes.POST(prefix + REPORTS, this::add)
                    .GET(prefix + REPORTS, this::list)
                    .GET(prefix + REPORTS + "/{id}", this::get)
                    .PATCH(prefix + REPORTS + "/{id}", this::replace)
                    .DELETE(prefix + REPORTS + "/{id}", this::delete);
        }
        return routes.PUT("/v2/accounts/{account_id}/taler_instance", this::assignInstance)
                .GET("/v2/accounts/{account_id}/taler_instance", this::instanceOf)
                .build();
    }

    private ServerResponse add(ServerRequest request) {
        Instance instance = instance(request, WRITE);
        ReportSpec spec = ReportSpec.read(body(request), instance, programs);
        long serial = store.insert(instance, spec, spec.schedule().next(Schedule.nowUs()));
        return ServerResponse.status(200).body(Map.of("report_serial_id", serial));
    }

    private ServerResponse list(ServerRequest request) {
        Instance instance = instance(request, READ);
        long limit = request.param("limit").map(v -> integer("limit", v)).orElse(-20L);
        if (limit == 0) {
            throw TalerErrors.malformed("limit", "must not be 0");
        }
        Long offset = request.param("offset").map(v -> integer("offset", v)).orElse(null);
        // at most a thousand a page, whatever is asked
        List<Map<String, Object>> reports = store.list(instance.id(), (int) Math.max(-1000, Math.min(1000, limit)), offset).stream()
                .map(r -> Map.<String, Object>of("report_serial", r.serial(), "description", r.spec().description(),
                        "report_frequency", RelativeTime.write(r.spec().frequencyUs())))
                .toList();
        return ServerResponse.status(200).body(Map.of("reports", reports));
    }

    private ServerResponse get(ServerRequest request) {
        Instance instance = instance(request, READ);
        long id = id(request);
        Report report = store.find(instance.id(), id).orElseThrow(() -> TalerErrors.reportUnknown(Long.toString(id)));
        return ServerResponse.status(200).body(report.view());
    }

    private ServerResponse replace(ServerRequest request) {
        Instance instance = instance(request, WRITE);
        long id = id(request);
        store.find(instance.id(), id).orElseThrow(() -> TalerErrors.reportUnknown(Long.toString(id)));
        ReportSpec spec = ReportSpec.read(body(request), instance, programs);
        if (!store.replace(instance.id(), id, spec, spec.schedule().next(Schedule.nowUs()))) {
            throw TalerErrors.reportUnknown(Long.toString(id));
        }
        return ServerResponse.noContent().build();
    }

    private ServerResponse delete(ServerRequest request) {
        Instance instance = instance(request, WRITE);
        long id = id(request);
        if (!store.delete(instance.id(), id)) {
            throw TalerErrors.reportUnknown(Long.toString(id));
        }
        return ServerResponse.noContent().build();
    }

    /** The path's instance (absent: {@code default}), if the caller's token has the permission and may act on it. */
    private Instance instance(ServerRequest request, String permission) {
        Caller caller = context.caller(request, permission);
        String id = request.pathVariables().getOrDefault("instance", Instance.DEFAULT);
        Instance instance = instances.find(id).orElseThrow(() -> TalerErrors.error(404, TalerErrors.MERCHANT_GENERIC_INSTANCE_UNKNOWN,
                "The merchant instance is unknown.", id));
        if (!caller.canAccess(instance.accountId())) {
            throw TalerErrors.error(403, TalerErrors.GENERIC_TOKEN_PERMISSION_INSUFFICIENT, "this token may not act on instance " + id, id);
        }
        return instance;
    }

    private static long id(ServerRequest request) {
        return integer("report_id", request.pathVariable("id"));
    }

    private static long integer(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw TalerErrors.malformed(field, "must be an integer");
        }
    }

    private static JsonNode body(ServerRequest request) {
        try {
            return JsonBodies.read(request);
        } catch (JacksonException e) {
            throw TalerErrors.error(400, TalerErrors.GENERIC_JSON_INVALID, "the body is not valid JSON", e.getOriginalMessage());
        } catch (Exception e) {
            throw TalerErrors.error(400, TalerErrors.GENERIC_JSON_INVALID, "the body could not be read", null);
        }
    }

    /** {@code PUT /v2/accounts/{A}/taler_instance} {@code {"data": {"instance_id": "shop"}}}: Kazoo's envelope. */
    private ServerResponse assignInstance(ServerRequest request) throws Exception {
        String account = request.pathVariable("account_id");
        Caller caller = context.caller(request);
        if (!caller.canAccess(account) || context.accounts().find(account).isEmpty()) {
            throw ApiException.notFound("account_id", account);
        }
        String instanceId = JsonBodies.read(request).path("data").path("instance_id").asString("");
        if (!EnginePaths.isSegment(instanceId) || instanceId.equals(Instance.DEFAULT)) {
            throw ApiException.invalidData("instance_id", "pattern",
                    "instance_id must be 1 to 64 letters, digits, _ or -, and not \"default\"");
        }
        if (!instances.assign(account, instanceId)) {
            throw new ApiException(409, "instance_id is taken", Map.of("instance_id", instanceId));
        }
        return KazooEnvelope.ok(request, Map.of("account_id", account, "instance_id", instanceId));
    }

    private ServerResponse instanceOf(ServerRequest request) {
        String account = request.pathVariable("account_id");
        if (!context.caller(request).canAccess(account)) {
            throw ApiException.notFound("account_id", account);
        }
        String instanceId = instances.of(account).orElseThrow(() -> ApiException.notFound("instance_id", account));
        return KazooEnvelope.ok(request, Map.of("account_id", account, "instance_id", instanceId));
    }
}
