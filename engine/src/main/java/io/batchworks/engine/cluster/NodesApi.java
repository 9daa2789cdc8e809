package io.batchworks.engine.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.jobs.PartitionClaims;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.tasks.Task;
import io.batchworks.engine.tasks.TaskStore;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/nodes}: the nodes of this database, for super admins: each with its host and process, when it
 * started, its last heartbeat, whether it is alive, and the tasks it runs.
 */
@RestController
class NodesApi {

    private final Nodes nodes;
    private final TaskStore tasks;
    private final PartitionClaims claims;

    NodesApi(Nodes nodes, TaskStore tasks, PartitionClaims claims) {
        this.nodes = nodes;
        this.claims = claims;
        this.tasks = tasks;
    }

    @Operation(summary = "The nodes on this database, their tasks and partitions (super admins)")
    @GetMapping({"/v2/nodes", "/v2/nodes/"})
    Map<String, Object> list(HttpServletRequest request) {
        Access.superAdmin();
        long now = System.currentTimeMillis();
        Map<String, List<PartitionClaims.Running>> partitions = claims.running().stream()
                .collect(Collectors.groupingBy(PartitionClaims.Running::node));
        List<Map<String, Object>> data = nodes.all().stream().map(n -> view(n, now, partitions.getOrDefault(n.name(), List.of()))).toList();
        return KazooEnvelope.success(request, data);
    }

    private Map<String, Object> view(Nodes.Node n, long now, List<PartitionClaims.Running> partitions) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("node", n.name());
        v.put("host", n.host());
        v.put("pid", n.pid());
        v.put("start_timestamp", gregorian(n.started()));
        v.put("heartbeat_timestamp", gregorian(n.heartbeat()));
        v.put("heartbeat_age_ms", now - n.heartbeat());
        if (n.stopped() != null) {
            v.put("stop_timestamp", gregorian(n.stopped()));
        }
        v.put("alive", n.alive(now, nodes.deadAfter()));
        v.put("this_node", n.name().equals(nodes.name()));
        v.put("tasks", tasks.executingOn(n.name()).stream().map(Task::id).toList());
        v.put("partitions", partitions.stream().map(p -> Map.of("task_id", p.taskId(), "partition", p.partition(),
                "step_execution_id", p.stepExecutionId())).toList());
        return v;
    }

    private static long gregorian(long epochMillis) {
        return KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(epochMillis));
    }
}
