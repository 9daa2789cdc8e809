package io.batchworks.plugins.scheduling;

import static io.batchworks.plugins.scheduling.JobsApi.id;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugins.scheduling.JobTypeStore.JobType;
import io.batchworks.plugins.scheduling.UserStore.User;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What Sonar's jobs refer to, in Sonar's shapes: job types and users (technicians, optionally linked to an engine
 * account); {@link AvailabilityApi} has when and where the users work.
 */
final class SetupApi {

    private static final String TYPES = "/api/v1/scheduling/job_types";
    private static final String USERS = "/api/v1/users";

    private final Scheduling scheduling;
    private final PluginContext context;
    private final UserStore people;
    private final JobTypeStore types;

    SetupApi(Scheduling scheduling, PluginContext context) {
        this.scheduling = scheduling;
        this.context = context;
        this.people = scheduling.people();
        this.types = scheduling.types();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(TYPES, this::addType)
                .GET(TYPES, this::listTypes)
                .GET(TYPES + "/{id}", r -> Sonar.ok(type(r).view()))
                .PATCH(TYPES + "/{id}", this::updateType)
                .DELETE(TYPES + "/{id}", this::deleteType)
                .POST(USERS, this::addUser)
                .GET(USERS, this::listUsers)
                .GET(USERS + "/{id}", r -> Sonar.ok(user(r).view()))
                .PATCH(USERS + "/{id}", this::updateUser)
                .DELETE(USERS + "/{id}", this::deleteUser)
                .build();
    }

    private ServerResponse addType(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        String name = in.requiredText("name");
        int length = in.length("length_in_minutes").orElseThrow(() -> SonarErrors.required("length_in_minutes"));
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
            throw SonarErrors.invalid("id", "JobStore of this job type remain; delete them first.");
        }
        return Sonar.deleted();
    }

    private JobType type(ServerRequest request) {
        scheduling.reader(request);
        return types.find(id(request, "id")).orElseThrow(() -> SonarErrors.notFound(SonarErrors.NO_ITEM));
    }

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
            throw SonarErrors.invalid("id", "The user is booked on scheduled jobs; reschedule or queue them first.");
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
            throw SonarErrors.invalid("account_id", "The selected account_id is invalid.");
        }
        people.userOf(account).filter(other -> other != userId).ifPresent(other -> {
            throw SonarErrors.invalid("account_id", "The account_id is already linked to user ID " + other + ".");
        });
        return account;
    }

    private User user(ServerRequest request) {
        return user(scheduling, request);
    }

    /** The user of the request's {@code id}, for a reader. */
    static User user(Scheduling scheduling, ServerRequest request) {
        scheduling.reader(request);
        return scheduling.people().user(id(request, "id")).orElseThrow(() -> SonarErrors.notFound(SonarErrors.NO_ITEM));
    }
}
