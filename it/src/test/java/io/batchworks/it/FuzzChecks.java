package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.testapi.Api;
import io.batchworks.testapi.RawHttp;

import tools.jackson.databind.JsonNode;

/**
 * A seeded fuzzer: 10,000 requests over every route the engine and its bundled plugins list in {@code /v3/api-docs},
 * with paths, parameters, bodies and content types mutated in hostile ways ({@code ..} and encoded paths, invalid
 * UTF-8, huge and negative numbers, SQL and spreadsheet-formula meta-characters, deep JSON, CSV lines of thousands of
 * columns), sent with no token, a wrong one, two accounts' tokens, a limited token and the super admin's. No answer
 * may be a 5xx; every error is its family's JSON envelope and shows no stack trace or database words; afterwards an
 * import still works. The same seed sends the same requests.
 */
final class FuzzChecks {

    private final Api api;
    private final String master;

    FuzzChecks(Api api, String master) {
        this.api = api;
        this.master = master;
    }

    private static final long SEED = 20261202L;
    private static final int REQUESTS = 10_000;
    /** What an error must never show: a stack trace, a driver's or the database's own words. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "Caused by", "springframework", "SQLSTATE", "PSQL",
            "org.postgresql", "org.hsqldb", "jdbc:");
    private static final List<String> HOSTILE = List.of("..", "%2e%2e", "%2E%2E%2F", "..%2F..%2Fetc%2Fpasswd", "%00", "%", "%zz",
            "%C0%AF", "%FF%FE", "'", "' OR '1'='1", "1;DROP TABLE bw_task--", "=cmd|'/C calc'!A0", "+SUM(1,1)", "@x", "-1", "0",
            "-9223372036854775809", "99999999999999999999999999", "1e309", "NaN", "null", "true", "{}", "[]", "%7B%7D",
            "\u03a9\u2248\u00e7\u221a", "\\", ";", "%3B", "*", "%20", "a".repeat(5_000), "2026-13-45T99:99:99Z", "+14155550100");
    private static final List<String> FIELDS = List.of("data", "numbers", "resource_id", "name", "scope_ids", "scope_id",
            "start_reprocess_time", "end_reprocess_time", "reason", "api_key", "permissions", "description", "program_section",
            "frequency", "frequency_shift", "data_source", "target_address", "mime_type", "title", "active", "is_reseller",
            "gateways", "first_name", "job_type_id", "start_time", "end_time", "duration", "status", "id");
    private static final List<String> HEADERS = List.of("prefix,rate_cost,rate_surcharge,rate_increment,rate_minimum,rate_nocharge_time",
            "number,resource_id", "scope_id,timestamp,number,direction,duration_s", "a,b");
    private static final List<String> TYPES = List.of("application/json", "text/csv", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "text/plain", "application/octet-stream", "garbage", "application/json; charset=latin-1");
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "HEAD");

    private record Route(String method, String template) {
    }

    void tenThousandHostileRequestsGetNoServerErrorAndOnlyTheirFamilysEnvelope() throws Exception {
        String a = api.createAccount(master, Map.of("name", "fuzz a"));
        String b = api.createAccount(master, Map.of("name", "fuzz b"));
        Api asA = api.loginAs(a);
        Api asB = api.loginAs(b);
        String key = api.get("/v2/accounts/" + a + "/api_key").data().path("api_key").asString();
        String limited = api.as(null).putJson("/v2/api_auth", Map.of("data", Map.of("api_key", key, "permissions", List.of("reports-read"))))
                .json().path("auth_token").asString();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("nobody", null);
        tokens.put("a wrong token", "0123456789abcdef0123456789abcdef");
        tokens.put("account a", asA.token());
        tokens.put("account b", asB.token());
        tokens.put("a's limited token", limited);
        tokens.put("the super admin", api.token());
        List<String> ids = List.of(a, b, master, "0123456789abcdef0123456789abcdef",
                asA.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=fz", "prefix,rate_cost\n1,0.1\n").task().path("id").asString(),
                asB.put("/v2/tasks?category=rates&action=export").task().path("id").asString(), "1", "+14155550100");

        List<Route> routes = routes();
        assertThat(routes).as("routes of the engine and its plugins").hasSizeGreaterThan(100);
        Random random = new Random(SEED);
        List<FuzzShot> shots = new ArrayList<>(REQUESTS);
        for (int n = 0; n < REQUESTS; n++) {
            shots.add(shot(n, random, routes, ids, tokens));
        }

        int port = Integer.parseInt(api.base().replaceAll(".*:(\\d+).*", "$1"));
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (FuzzShot shot : shots) {
            senders.execute(() -> {
                String failure;
                try {
                    RawHttp.Response response = RawHttp.send(port, shot.method(), shot.target(), shot.headers(), shot.body());
                    synchronized (statuses) {
                        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                    }
                    failure = check(shot, response);
                } catch (Exception e) {
                    failure = "no answer: " + e;
                }
                if (failure != null) {
                    failures.add(shot + ": " + failure);
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).as("every request answered in time").isTrue();
        System.out.println("Fuzzed " + REQUESTS + " requests (seed " + SEED + ") over " + routes.size() + " routes; statuses: " + statuses);
        assertThat(failures).as("of %d requests, statuses %s", REQUESTS, statuses).isEmpty();

        String id = api.createAndStart("category=rates&action=import&ratedeck_id=after-fuzz",
                "prefix,rate_cost\n1415,0.2\n44,0.3\n");
        assertThat(api.awaitEnd(id, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
    }

    /** Every route the engine lists, with its method and path template. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        JsonNode paths = api.get("/v3/api-docs").json().path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                routes.add(new Route(op.getKey().toUpperCase(), path.getKey()));
            }
        }
        return routes;
    }

    private static String check(FuzzShot shot, RawHttp.Response response) {
        if (response.status() >= 500) {
            return response.status() + " " + response.body();
        }
        if (response.status() < 400 || shot.method().equals("HEAD")) {
            return null;
        }
        for (String leak : LEAKS) {
            if (response.body().contains(leak)) {
                return "the error shows '" + leak + "': " + response.body();
            }
        }
        JsonNode body;
        try {
            body = Api.JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return response.status() + " with a body that is not JSON: " + response.body();
        }
        Family family = Family.of(shot.path());
        String mismatch = family.mismatch(response.status(), body);
        if (mismatch != null && !shot.lawfulTarget() && Family.KAZOO.mismatch(response.status(), body) == null) {
            return null; // a target HTTP does not allow may be refused before its path is read: the engine's own envelope
        }
        return mismatch == null ? null : response.status() + " " + mismatch + " (" + family + "): " + response.body();
    }

    private static FuzzShot shot(int n, Random random, List<Route> routes, List<String> ids, Map<String, String> tokens) {
        Route route = routes.get(random.nextInt(routes.size()));
        // one part made hostile at a time, so that most requests reach a handler's own checks, and now and then all
        int hostile = random.nextInt(5);
        String method = random.nextInt(10) == 0 ? pick(random, METHODS) : route.method();
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        target.writeBytes(path(random, route.template(), hostile == 1 || hostile == 4 ? HOSTILE : ids, hostile == 2 || hostile == 4)
                .getBytes(StandardCharsets.UTF_8));
        if (hostile == 4 && random.nextInt(4) == 0) {
            target.write(0xff); // a raw byte that is no UTF-8
        }
        target.writeBytes(query(random, hostile == 3 || hostile == 4 ? HOSTILE : ids).getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> who = new ArrayList<>(tokens.keySet());
        String as = method.equals("DELETE") && route.template().startsWith("/v2/token_auth")
                ? "a wrong token" // a revoked token would turn the rest of the run into wrong-token requests
                : pick(random, who);
        String token = tokens.get(as);
        if (token != null) {
            if (random.nextBoolean()) {
                headers.put("X-Auth-Token", token);
            } else {
                headers.put("Authorization", "Bearer " + token);
            }
        }
        byte[] body = body(random);
        if (body != null || random.nextInt(4) == 0) {
            headers.put("Content-Type", pick(random, TYPES));
        }
        if (random.nextInt(5) == 0) {
            headers.put("Accept", pick(random, List.of("application/json", "text/csv", "*/*", "garbage", "text/event-stream")));
        }
        return new FuzzShot(n, method, target.toByteArray(), headers, body, as);
    }

    private static String path(Random random, String template, List<String> values, boolean mutate) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            if (segment.startsWith("{")) {
                path.append(pick(random, values));
            } else {
                path.append(random.nextInt(30) == 0 ? segment.toUpperCase() : segment);
            }
        }
        switch (mutate ? random.nextInt(7) : -1) {
            case 0 -> path.append("/..");
            case 1 -> path.append("/../../v2/audit");
            case 2 -> path.insert(0, "/");
            case 3 -> path.append(";jsessionid=x");
            case 4 -> path.append('/').append(pick(random, HOSTILE));
            case 5 -> path.setLength(Math.max(1, path.lastIndexOf("/")));
            default -> { }
        }
        return path.toString();
    }

    private static String query(Random random, List<String> values) {
        int n = random.nextInt(4);
        if (n == 0) {
            return "";
        }
        List<String> names = List.of("start_key", "page_size", "limit", "offset", "begin", "end", "filters", "groupby", "scope_id",
                "ratedeck_id", "csv_name", "accept", "status", "category", "action", "instance", "id", "account_id", "target_id");
        StringBuilder query = new StringBuilder("?");
        for (int i = 0; i < n; i++) {
            String value = random.nextBoolean() ? pick(random, values) : URLEncoder.encode(pick(random, values), StandardCharsets.UTF_8);
            query.append(i == 0 ? "" : "&").append(pick(random, names)).append('=').append(value);
        }
        return query.toString();
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> null;
            case 3, 4 -> json(random, 0).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"data\":" + json(random, 0) + "}").getBytes(StandardCharsets.UTF_8);
            case 6 -> pick(random, List.of("{", "{\"data\":", "[1,2", "\u0000", "{\"data\":{\"numbers\":[\"+1\"," + "1".repeat(400) + "]}}",
                    "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000))).getBytes(StandardCharsets.UTF_8);
            case 7, 8 -> csv(random);
            default -> {
                byte[] bytes = new byte[random.nextInt(2_000)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private static String json(Random random, int depth) {
        int kind = depth > 3 ? 3 + random.nextInt(4) : random.nextInt(7);
        return switch (kind) {
            case 0, 1 -> {
                StringBuilder o = new StringBuilder("{");
                for (int i = random.nextInt(5); i > 0; i--) {
                    o.append('"').append(pick(random, FIELDS)).append("\":").append(json(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield o.append('}').toString();
            }
            case 2 -> {
                StringBuilder a = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.append(json(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield a.append(']').toString();
            }
            case 3 -> pick(random, List.of("-1", "0", "1e309", "-9223372036854775809", "99999999999999999999999999", "3.14", "true", "null"));
            default -> Api.JSON.writeValueAsString(pick(random, HOSTILE));
        };
    }

    private static byte[] csv(Random random) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes((pick(random, HEADERS) + "\n").getBytes(StandardCharsets.UTF_8));
        for (int row = random.nextInt(20); row > 0; row--) {
            switch (random.nextInt(8)) {
                case 0 -> csv.writeBytes(",".repeat(3_000).getBytes(StandardCharsets.UTF_8)); // thousands of columns
                case 1 -> csv.writeBytes("1".repeat(100_000).getBytes(StandardCharsets.UTF_8)); // a long line
                case 2 -> csv.writeBytes(new byte[] {'1', ',', (byte) 0xc3, (byte) 0x28, ',', (byte) 0xff}); // invalid UTF-8
                case 3 -> csv.writeBytes("\"unclosed,1,2".getBytes(StandardCharsets.UTF_8));
                default -> {
                    List<String> cells = new ArrayList<>();
                    for (int c = 1 + random.nextInt(7); c > 0; c--) {
                        cells.add(pick(random, HOSTILE).replace("\n", ""));
                    }
                    csv.writeBytes(String.join(",", cells).getBytes(StandardCharsets.UTF_8));
                }
            }
            csv.write('\n');
        }
        return csv.toByteArray();
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
