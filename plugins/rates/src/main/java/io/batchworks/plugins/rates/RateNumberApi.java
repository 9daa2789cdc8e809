package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Caller;
import io.batchworks.plugin.data.Decimals;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Kazoo's {@code cb_rates} number lookup: {@code GET [/v2/accounts/{ACCOUNT_ID}]/v2/rates/number/{NUMBER}}. */
final class RateNumberApi {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private final RateLookups lookups;
    private final PluginContext context;

    RateNumberApi(RateLookups lookups, PluginContext context) {
        this.lookups = lookups;
        this.context = context;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/v2/rates/number/{number}", this::rateSystem)
                .GET("/v2/accounts/{account}/rates/number/{number}", this::rateForAccount)
                .GET("/v2/rates/lookup-index", this::lookupIndex)
                .build();
    }

    /** This node's in-memory deck indexes (super admin): state, versions, rates and bytes held. */
    private ServerResponse lookupIndex(ServerRequest request) {
        if (!context.caller(request).superAdmin()) {
            throw new ApiException(403, "forbidden", Map.of("message", "the lookup index needs a super admin"));
        }
        return KazooEnvelope.ok(request, lookups.indexes().describe());
    }

    private ServerResponse rateSystem(ServerRequest request) {
        context.caller(request);
        String deck = request.param("ratedeck_id").orElse(RateRows.DEFAULT_RATEDECK);
        return rate(request, deck);
    }

    private ServerResponse rateForAccount(ServerRequest request) {
        String account = request.pathVariable("account");
        Caller caller = context.caller(request);
        if (context.accounts().find(account).isEmpty()) {
            throw ApiException.notFound("account_id", account);
        }
        if (!caller.canAccess(account)) {
            throw new ApiException(403, "forbidden", Map.of("account_id", account));
        }
        String deck = request.param("ratedeck_id")
                .orElseGet(() -> context.accounts().ratedeckFor(account).orElse(RateRows.DEFAULT_RATEDECK));
        return rate(request, deck);
    }

    private ServerResponse rate(ServerRequest request, String deck) {
        String number = request.pathVariable("number").strip();
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (!RateRows.isDigits(digits)) {
            throw ApiException.badRequest("number", "Number is un-rateable");
        }
        String direction = request.param("direction").orElse(null);
        if (direction != null && !direction.equals("inbound") && !direction.equals("outbound")) {
            throw ApiException.badRequest("direction", "direction must be inbound or outbound");
        }
        Map<String, Object> rate = lookups.lookup(deck, digits, direction)
                .orElseThrow(() -> new ApiException(404, "No rate found for this number", Map.of("number", number)));
        BigDecimal cost = RateLookups.decimal(rate.get("rate_cost"));
        BigDecimal surcharge = RateLookups.decimal(rate.get("rate_surcharge"));
        int minimum = ((Number) rate.get("rate_minimum")).intValue();
        Map<String, Object> data = new LinkedHashMap<>();
        // Kazoo's base cost: the surcharge plus the minimum billed duration at the per-minute rate.
        data.put("Base-Cost", Decimals.plain(surcharge.add(cost.multiply(BigDecimal.valueOf(minimum)).divide(SIXTY, 6, RoundingMode.HALF_UP))));
        data.put("E164-Number", "+" + digits);
        data.put("Prefix", rate.get("prefix"));
        data.put("Rate", Decimals.plain(cost));
        if (rate.get("description") != null) {
            data.put("Rate-Description", rate.get("description"));
        }
        data.put("Rate-ID", String.valueOf(rate.get("id")));
        data.put("Rate-Increment", rate.get("rate_increment"));
        data.put("Rate-Minimum", minimum);
        data.put("Rate-Name", rate.get("rate_name"));
        data.put("Ratedeck-ID", rate.get("ratedeck_id"));
        data.put("Surcharge", Decimals.plain(surcharge));
        return KazooEnvelope.ok(request, data);
    }
}
