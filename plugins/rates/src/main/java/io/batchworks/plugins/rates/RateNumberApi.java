package io.batchworks.plugins.rates;

import java.util.Map;
import java.util.function.Consumer;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Caller;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.RouteDoc;
import io.batchworks.plugins.rates.api.CallRate;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Kazoo's {@code cb_rates} number lookup, {@code GET [/v2/accounts/{ACCOUNT_ID}]/v2/rates/number/{NUMBER}}, and many
 * numbers in one request, {@code POST [/v2/accounts/{ACCOUNT_ID}]/v2/rates/numbers} ({@link BulkRateLookups}).
 */
final class RateNumberApi {

    private final RateLookups lookups;
    private final BulkRateLookups bulk;
    private final PluginContext context;

    RateNumberApi(RateLookups lookups, PluginContext context) {
        this.lookups = lookups;
        this.bulk = new BulkRateLookups(lookups, context.setting("rates.lookup.bulk-max", Integer.class, BulkRateLookups.MAX_DEFAULT));
        this.context = context;
    }

    private static final String[] LOOKUP_PARAMS = {"ratedeck_id", "the deck; default: the account's (its own, else its reseller's),"
            + " else ratedeck", "direction", "inbound or outbound; default: either"};
    private static final Consumer<Map<String, Object>> ONE = RouteDoc.of("The rate of a number (Kazoo's longest prefix)",
            "Kazoo's `cb_rates` number lookup: `Prefix`, `Rate`, `Surcharge`, `Base-Cost`, `Rate-ID`, ...; 404 when no rate"
                    + " matches, 400 for a number that is not digits.", LOOKUP_PARAMS);
    private static final Consumer<Map<String, Object>> MANY = RouteDoc.of("The rates of many numbers",
            "`{\"data\":{\"numbers\":[...]}}` answers a list in the numbers' order, each `Number` with the single lookup's"
                    + " fields or a `Reason`; a `text/csv` body, a number a line, answers CSV. At most `rates.lookup.bulk-max`"
                    + " numbers, else 413.", LOOKUP_PARAMS);

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/v2/rates/number/{number}", request -> rate(request, systemDeck(request))).withAttributes(ONE)
                .GET("/v2/accounts/{account}/rates/number/{number}", request -> rate(request, accountDeck(request))).withAttributes(ONE)
                .POST("/v2/rates/numbers", request -> bulk.answer(request, systemDeck(request))).withAttributes(MANY)
                .POST("/v2/accounts/{account}/rates/numbers", request -> bulk.answer(request, accountDeck(request))).withAttributes(MANY)
                .GET("/v2/rates/lookup-index", this::lookupIndex)
                .withAttributes(RouteDoc.of("This node's in-memory deck indexes (super admin)", ""))
                .build();
    }

    /** This node's in-memory deck indexes (super admin): state, versions, rates and bytes held. */
    private ServerResponse lookupIndex(ServerRequest request) {
        if (!context.caller(request).superAdmin()) {
            throw new ApiException(403, "forbidden", Map.of("message", "the lookup index needs a super admin"));
        }
        return KazooEnvelope.ok(request, lookups.indexes().describe());
    }

    /** The deck of a system-wide lookup: {@code ratedeck_id}, else the default deck. */
    private String systemDeck(ServerRequest request) {
        context.caller(request);
        return request.param("ratedeck_id").orElse(RateRows.DEFAULT_RATEDECK);
    }

    /** The deck of an account's lookup: {@code ratedeck_id}, else the account's (its own or its reseller's), else the default. */
    private String accountDeck(ServerRequest request) {
        String account = request.pathVariable("account");
        Caller caller = context.caller(request);
        if (context.accounts().find(account).isEmpty()) {
            throw ApiException.notFound("account_id", account);
        }
        if (!caller.canAccess(account)) {
            throw new ApiException(403, "forbidden", Map.of("account_id", account));
        }
        return request.param("ratedeck_id")
                .orElseGet(() -> context.accounts().ratedeckFor(account).orElse(RateRows.DEFAULT_RATEDECK));
    }

    /** The {@code direction} parameter: {@code inbound}, {@code outbound}, or {@code null} for any. */
    static String direction(String direction) {
        if (direction != null && !direction.equals("inbound") && !direction.equals("outbound")) {
            throw ApiException.badRequest("direction", "direction must be inbound or outbound");
        }
        return direction;
    }

    private ServerResponse rate(ServerRequest request, String deck) {
        String number = request.pathVariable("number").strip();
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (!RateRows.isDigits(digits)) {
            throw ApiException.badRequest("number", RateAnswer.UNRATEABLE);
        }
        String direction = direction(request.param("direction").orElse(null));
        Map<String, Object> rate = lookups.lookup(deck, digits, direction)
                .orElseThrow(() -> new ApiException(404, RateAnswer.NO_RATE, Map.of("number", number)));
        Map<String, Object> data = RateAnswer.fields(digits, new CallRate(String.valueOf(rate.get("id")), (String) rate.get("ratedeck_id"),
                (String) rate.get("prefix"), RateLookups.decimal(rate.get("rate_cost")), RateLookups.decimal(rate.get("rate_surcharge")),
                ((Number) rate.get("rate_increment")).intValue(), ((Number) rate.get("rate_minimum")).intValue(),
                ((Number) rate.get("rate_nocharge_time")).intValue()));
        if (rate.get("description") != null) {
            data.put("Rate-Description", rate.get("description"));
        }
        data.put("Rate-Name", rate.get("rate_name"));
        return KazooEnvelope.ok(request, data);
    }
}
