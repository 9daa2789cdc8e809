package io.batchworks.plugins.numbers;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.TaskInfo;

/**
 * A {@code numbers/add} input row as a request: the number as given, its E.164 form ({@code null} when it has
 * none) and its resource (the row's {@code resource_id}, else the task's). Every check that can fail is the
 * writer's, so that each failure is also recorded in the job's {@code errors}.
 */
final class NumberRows implements RowHandler<NumberRows.Request> {

    /** One number to add. */
    record Request(long line, String given, String e164, String resourceId) {

        /** The key of the job's successes and errors: the E.164 form, else the number as given. */
        String key() {
            String key = e164 != null ? e164 : given == null ? "" : given;
            return key.length() > 64 ? key.substring(0, 64) : key;
        }
    }

    @Override
    public Request handle(Row row, TaskInfo task) {
        String given = row.get("number");
        String resource = row.get("resource_id");
        return new Request(row.line(), given, E164.normalise(given), resource != null ? resource : task.param("resource_id", null));
    }
}
