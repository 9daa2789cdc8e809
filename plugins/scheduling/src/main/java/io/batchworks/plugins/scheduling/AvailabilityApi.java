package io.batchworks.plugins.scheduling;

import static io.batchworks.plugins.scheduling.JobsApi.id;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.batchworks.plugins.scheduling.UserStore.Fence;
import io.batchworks.plugins.scheduling.UserStore.TimeOff;
import io.batchworks.plugins.scheduling.UserStore.User;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.JsonNode;

/** When and where Sonar's users work, in Sonar's shapes: weekly working hours, time off and geofences. */
final class AvailabilityApi {

    private static final String CALENDAR = "/api/v1/scheduling/users/{id}";
    private static final String FENCES = "/api/v1/scheduling/geofences";

    private final Scheduling scheduling;
    private final UserStore people;

    AvailabilityApi(Scheduling scheduling) {
        this.scheduling = scheduling;
        this.people = scheduling.people();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .PUT(CALENDAR + "/working_hours", this::putWorkingHours)
                .GET(CALENDAR + "/working_hours", r -> Sonar.ok(people.workingHoursView(SetupApi.user(scheduling, r).id())))
                .POST(CALENDAR + "/time_off", this::addTimeOff)
                .GET(CALENDAR + "/time_off", this::listTimeOff)
                .GET(CALENDAR + "/time_off/{tid}", r -> Sonar.ok(timeOff(r).view()))
                .DELETE(CALENDAR + "/time_off/{tid}", this::deleteTimeOff)
                .POST(FENCES, this::addFence)
                .GET(FENCES, this::listFences)
                .GET(FENCES + "/{id}", r -> Sonar.ok(fence(r).view()))
                .DELETE(FENCES + "/{id}", this::deleteFence)
                .build();
    }

    /** Replaces a user's week, {@code {"monday": [{"start": "08:00:00", "end": "12:00:00"}], ...}}; a day absent is a day off. */
    private ServerResponse putWorkingHours(ServerRequest request) {
        scheduling.manager(request);
        User user = SetupApi.user(scheduling, request);
        JsonNode body = Input.of(request).json();
        Map<DayOfWeek, List<Interval>> plan = new EnumMap<>(DayOfWeek.class);
        for (var entry : body.properties()) {
            DayOfWeek day = dayOf(entry.getKey());
            if (!entry.getValue().isArray() && !entry.getValue().isNull()) {
                throw SonarErrors.invalid(entry.getKey(), "The " + entry.getKey() + " must be a list of {start, end}.");
            }
            List<Interval> hours = new ArrayList<>();
            for (JsonNode block : entry.getValue()) {
                int start = time(block, "start", entry.getKey());
                int end = time(block, "end", entry.getKey());
                if (start >= end) {
                    throw SonarErrors.invalid(entry.getKey(), "The start must be prior to the end.");
                }
                hours.add(new Interval(start, end));
            }
            if (Interval.union(hours).size() != hours.size()) {
                throw SonarErrors.invalid(entry.getKey(), "The hours of " + entry.getKey() + " overlap.");
            }
            plan.put(day, hours);
        }
        scheduling.inTransaction(() -> {
            people.replaceWorkingHours(user.id(), plan);
            return null;
        });
        return Sonar.ok(people.workingHoursView(user.id()));
    }

    private static DayOfWeek dayOf(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SonarErrors.invalid(name, "The " + name + " is not a day of the week (monday to sunday).");
        }
    }

    private static int time(JsonNode block, String name, String day) {
        String text = block.path(name).asString("");
        try {
            return WallTime.parseTime(text);
        } catch (RuntimeException e) {
            throw SonarErrors.invalid(day, "The " + day + " " + name + " does not match the format H:i:s.");
        }
    }

    private ServerResponse addTimeOff(ServerRequest request) {
        scheduling.manager(request);
        User user = SetupApi.user(scheduling, request);
        Input in = Input.of(request);
        long start = in.dateTime("start_datetime").orElseThrow(() -> SonarErrors.required("start_datetime"));
        long end = in.dateTime("end_datetime").orElseThrow(() -> SonarErrors.required("end_datetime"));
        if (start >= end) {
            throw SonarErrors.invalid("start_datetime", "The start_datetime must be prior to the end_datetime.");
        }
        return Sonar.created(people.timeOff(user.id(), people.addTimeOff(user.id(), start, end)).orElseThrow().view());
    }

    private ServerResponse listTimeOff(ServerRequest request) {
        User user = SetupApi.user(scheduling, request);
        return Sonar.Page.of(request).reply(people.countTimeOffs(user.id()),
                (limit, offset) -> people.timeOffs(user.id(), limit, offset).stream().map(TimeOff::view).toList());
    }

    private ServerResponse deleteTimeOff(ServerRequest request) {
        scheduling.manager(request);
        if (!people.deleteTimeOff(SetupApi.user(scheduling, request).id(), id(request, "tid"))) {
            throw SonarErrors.notFound(SonarErrors.NO_ITEM);
        }
        return Sonar.deleted();
    }

    private TimeOff timeOff(ServerRequest request) {
        return people.timeOff(SetupApi.user(scheduling, request).id(), id(request, "tid")).orElseThrow(() -> SonarErrors.notFound(SonarErrors.NO_ITEM));
    }

    /** Adds a geofence to a user: a user with none serves every entity, one with some only those. */
    private ServerResponse addFence(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        long user = in.requiredInteger("user_id");
        if (people.user(user).isEmpty()) {
            throw SonarErrors.invalid("user_id", "The selected user_id is invalid.");
        }
        String type = in.requiredText("entity_type");
        if (!type.equals("account") && !type.equals("network_site")) {
            throw SonarErrors.invalid("entity_type", "The entity_type must be account or network_site.");
        }
        long entity = in.requiredInteger("entity_id");
        return Sonar.created(people.fence(people.addFence(user, type, entity)).orElseThrow().view());
    }

    private ServerResponse listFences(ServerRequest request) {
        scheduling.reader(request);
        Long user = Input.query(request).integer("user_id").orElse(null);
        return Sonar.Page.of(request).reply(people.countFences(user),
                (limit, offset) -> people.fences(user, limit, offset).stream().map(Fence::view).toList());
    }

    private ServerResponse deleteFence(ServerRequest request) {
        scheduling.manager(request);
        if (!people.deleteFence(id(request, "id"))) {
            throw SonarErrors.notFound(SonarErrors.NO_ITEM);
        }
        return Sonar.deleted();
    }

    private Fence fence(ServerRequest request) {
        scheduling.reader(request);
        return people.fence(id(request, "id")).orElseThrow(() -> SonarErrors.notFound(SonarErrors.NO_ITEM));
    }
}
