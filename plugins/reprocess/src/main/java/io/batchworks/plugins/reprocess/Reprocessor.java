package io.batchworks.plugins.reprocess;

import java.util.Map;

import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskInfo;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Re-rates the periods of a reprocessing schedule, one per chunk (a {@code usage/reprocess} task's rows): with the
 * scope's row locked (so normal rating of the scope waits), the period's rated calls are deleted and rated again
 * from the deck as it is now, and the schedule's {@code current_reprocess_time} advanced, in one transaction. A
 * period other than the schedule's next is skipped, so a resumed or repeated run re-rates each period once.
 */
final class Reprocessor implements ChunkWriter<Reprocessor.Step> {

    /** One period of one schedule. */
    record Step(long scheduleId, long start) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Rater rater;
    private final Periods periods;

    Reprocessor(PluginContext context, Rater rater, Periods periods) {
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
        this.rater = rater;
        this.periods = periods;
    }

    @Override
    public void write(Items<Step> items, TaskInfo task) {
        for (Step step : items.all()) {
            MapSqlParameterSource id = new MapSqlParameterSource("id", step.scheduleId());
            var found = jdbc.queryForList("SELECT scope_id FROM rp_schedule WHERE id = :id", id, String.class);
            if (found.isEmpty()) {
                continue; // the schedule is gone
            }
            Rater.lockScope(jdbc, found.get(0));
            Map<String, Object> schedule = jdbc.queryForMap("SELECT start_time, end_time, done_until FROM rp_schedule WHERE id = :id", id);
            Number done = (Number) schedule.get("done_until");
            long next = done == null ? ((Number) schedule.get("start_time")).longValue() : done.longValue() + periods.period();
            if (step.start() != next || next > ((Number) schedule.get("end_time")).longValue()) {
                continue;
            }
            rater.rate(new Rater.Period(found.get(0), step.start()));
            jdbc.update("UPDATE rp_schedule SET done_until = :start WHERE id = :id", id.addValue("start", step.start()));
        }
    }
}
