package io.batchworks.plugins.scheduling;

import static io.batchworks.plugins.scheduling.JobsApi.id;
import static io.batchworks.plugins.scheduling.SonarError.sonar;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugins.scheduling.JobTypes.JobType;
import io.batchworks.plugins.scheduling.People.Fence;
import io.batchworks.plugins.scheduling.People.TimeOff;
import io.batchworks.plugins.scheduling.People.User;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.JsonNode;

/**
 * What Sonar's jobs refer to, in Sonar's shapes: job types, users (technicians, optionally linked to an engine
 * account), their weekly working hours, time off and geofences.
 */
final class SetupApi {

    private static final String TYPES = "/api/v1/scheduling/job_types";
    private static final String USERS = "/api/v1/users";
    private static final String CALENDAR = "/api/v1/scheduling/users/{id}";
    private static final String FENCES = "/api/v1/scheduling/geofences";

    private final Scheduling scheduling;
    private final PluginContext context;
    private final People people;
    private final JobTypes types;

    SetupApi(Scheduling scheduling, PluginContext context) {
        this.scheduling = scheduling;
        this.context = context;
        this.people = scheduling.people();
        this.types = scheduling.types();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(TYPES, sonar(this::addType))
                .GET(TYPES, sonar(this::listTypes))
                .GET(TYPES + "/{id}", sonar(r -> Sonar.ok(type(r).view())))
                .PATCH(TYPES + "/{id}", sonar(this::updateType))
                .DELETE(TYPES + "/{id}", sonar(this::deleteType))
                .POST(USERS, sonar(this::addUser))
                .GET(USERS, sonar(this::listUsers))
                .GET(USERS + "/{id}", sonar(r -> Sonar.ok(user(r).view())))
                .PATCH(USERS + "/{id}", sonar(this::updateUser))
                .DELETE(USERS + "/{id}", sonar(this::deleteUser))
                .PUT(CALENDAR + "/working_hours", sonar(this::putWorkingHours))
                .GET(CALENDAR + "/working_hours", sonar(r -> Sonar.ok(people.workingHoursView(user(r).id()))))
                .POST(CALENDAR + "/time_off", sonar(this::addTimeOff))
                .GET(CALENDAR + "/time_off", sonar(this::listTimeOff))
                .GET(CALENDAR + "/time_off/{tid}", sonar(r -> Sonar.ok(timeOff(r).view())))
                .DELETE(CALENDAR + "/time_off/{tid}", sonar(this::deleteTimeOff))
                .POST(FENCES, sonar(this::addFence))
                .GET(FENCES, sonar(this::listFences))
                .GET(FENCES + "/{id}", sonar(r -> Sonar.ok(fence(r).view())))
                .DELETE(FENCES + "/{id}", sonar(this::deleteFence))
                .build();
    }

    // job types

    private ServerResponse addType(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        String name = in.requiredText("name");
        int length = in.length("length_in_minutes").orElseThrow(() -> SonarError.required("length_in_minutes"));
        return Sonar.created(types.find(types.add(name, length, in.integers("services"))).orElseThrow().view());
    }

    private ServerResponse listTypes(ServerRequest request) {
        scheduling.reader(request);
        return Sonar.Page.of(request).reply(types.count(), (limit, offset) -> types.list(limit, offset).stream().map(JobType::view).toList());
    }

    private ServerResponse updateType(ServerRequest request) {
        scheduling.manager(request);
        JobType type = type(request);
        Input in = Input.of(request);
        JobType edited = new JobType(type.id(), in.has("name") ? in.requiredText("name") : type.name(),
                in.length("length_in_minutes").orElse(type.lengthInMinutes()), in.has("services") ? in.integers("services") : type.services());
        types.update(edited);
        return Sonar.ok(edited.view());
    }

    private ServerResponse deleteType(ServerRequest request) {
        scheduling.manager(request);
        JobType type = type(request);
        if (!types.delete(type.id())) {
            throw SonarError.invalid("id", "Jobs of this job type remain; delete them first.");
        }
        return Sonar.deleted();
    }

    private JobType type(ServerRequest request) {
        scheduling.reader(request);
        return types.find(id(request, "id")).orElseThrow(() -> SonarError.notFound(SonarError.NO_ITEM));
    }

    // users

    private ServerResponse addUser(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        String name = in.requiredText("name");
        String account = account(in, 0);
        return Sonar.created(people.user(people.addUser(name, account)).orElseThrow().view());
    }

    private ServerResponse listUsers(ServerRequest request) {
        scheduling.reader(request);
        return Sonar.Page.of(request).reply(people.countUsers(), (limit, offset) -> people.users(limit, offset).stream().map(User::view).toList());
    }

    private ServerResponse updateUser(ServerRequest request) {
        scheduling.manager(request);
        User user = user(request);
        Input in = Input.of(request);
        User edited = new User(user.id(), in.has("name") ? in.requiredText("name") : user.name(),
                in.has("account_id") ? account(in, user.id()) : user.accountId());
        people.updateUser(edited);
        return Sonar.ok(edited.view());
    }

    private ServerResponse deleteUser(ServerRequest request) {
        scheduling.manager(request);
        User user = user(request);
        if (!scheduling.inTransaction(() -> people.deleteUser(user.id()))) {
            throw SonarError.invalid("id", "The user is booked on scheduled jobs; reschedule or queue them first.");
        }
        return Sonar.deleted();
    }

    /** The {@code account_id} to link: an engine account, not linked to another user; {@code null} unlinks. */
    private String account(Input in, long userId) {
        String account = in.text("account_id").orElse(null);
        if (account == null) {
            return null;
        }
        if (context.accounts().find(account).isEmpty()) {
            throw SonarError.invalid("account_id", "The selected account_id is invalid.");
        }
        people.userOf(account).filter(other -> other != userId).ifPresent(other -> {
            throw SonarError.invalid("account_id", "The account_id is already linked to user ID " + other + ".");
        });
        return account;
    }

    private User user(ServerRequest request) {
        scheduling.reader(request);
        return people.user(id(request, "id")).orElseThrow(() -> SonarError.notFound(SonarError.NO_ITEM));
    }

    // working hours: {"monday": [{"start": "08:00:00", "end": "12:00:00"}], ...}; a day absent is a day off

    private ServerResponse putWorkingHours(ServerRequest request) {
        scheduling.manager(request);
        User user = user(request);
        JsonNode body = Input.of(request).json();
        Map<DayOfWeek, List<Interval>> plan = new EnumMap<>(DayOfWeek.class);
        for (var entry : body.properties()) {
            DayOfWeek day = dayOf(entry.getKey());
            if (!entry.getValue().isArray() && !entry.getValue().isNull()) {
                throw SonarError.invalid(entry.getKey(), "The " + entry.getKey() + " must be a list of {start, end}.");
            }
            List<Interval> hours = new ArrayList<>();
            for (JsonNode block : entry.getValue()) {
                int start = time(block, "start", entry.getKey());
                int end = time(block, "end", entry.getKey());
                if (start >= end) {
                    throw SonarError.invalid(entry.getKey(), "The start must be prior to the end.");
                }
                hours.add(new Interval(start, end));
            }
            if (Interval.union(hours).size() != hours.size()) {
                throw SonarError.invalid(entry.getKey(), "The hours of " + entry.getKey() + " overlap.");
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
            throw SonarError.invalid(name, "The " + name + " is not a day of the week (monday to sunday).");
        }
    }

    private static int time(JsonNode block, String name, String day) {
        String text = block.path(name).asString("");
        try {
            return WallTime.parseTime(text);
        } catch (RuntimeException e) {
            throw SonarError.invalid(day, "The " + day + " " + name + " does not match the format H:i:s.");
        }
    }

    // time off

    private ServerResponse addTimeOff(ServerRequest request) {
        scheduling.manager(request);
        User user = user(request);
        Input in = Input.of(request);
        long start = in.dateTime("start_datetime").orElseThrow(() -> SonarError.required("start_datetime"));
        long end = in.dateTime("end_datetime").orElseThrow(() -> SonarError.required("end_datetime"));
        if (start >= end) {
            throw SonarError.invalid("start_datetime", "The start_datetime must be prior to the end_datetime.");
        }
        return Sonar.created(people.timeOff(user.id(), people.addTimeOff(user.id(), start, end)).orElseThrow().view());
    }

    private ServerResponse listTimeOff(ServerRequest request) {
        User user = user(request);
        return Sonar.Page.of(request).reply(people.countTimeOffs(user.id()),
                (limit, offset) -> people.timeOffs(user.id(), limit, offset).stream().map(TimeOff::view).toList());
    }

    private ServerResponse deleteTimeOff(ServerRequest request) {
        scheduling.manager(request);
        if (!people.deleteTimeOff(user(request).id(), id(request, "tid"))) {
            throw SonarError.notFound(SonarError.NO_ITEM);
        }
        return Sonar.deleted();
    }

    private TimeOff timeOff(ServerRequest request) {
        return people.timeOff(user(request).id(), id(request, "tid")).orElseThrow(() -> SonarError.notFound(SonarError.NO_ITEM));
    }

    // geofences: a user with none serves every entity, one with some only those

    private ServerResponse addFence(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        long user = in.requiredInteger("user_id");
        if (people.user(user).isEmpty()) {
            throw SonarError.invalid("user_id", "The selected user_id is invalid.");
        }
        String type = in.requiredText("entity_type");
        if (!type.equals("account") && !type.equals("network_site")) {
            throw SonarError.invalid("entity_type", "The entity_type must be account or network_site.");
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
            throw SonarError.notFound(SonarError.NO_ITEM);
        }
        return Sonar.deleted();
    }

    private Fence fence(ServerRequest request) {
        scheduling.reader(request);
        return people.fence(id(request, "id")).orElseThrow(() -> SonarError.notFound(SonarError.NO_ITEM));
    }
}
