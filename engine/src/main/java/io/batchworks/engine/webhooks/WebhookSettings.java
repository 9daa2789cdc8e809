package io.batchworks.engine.webhooks;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code batchworks.webhooks.*}: how deliveries are sent.
 *
 * @param threads       this node's sending threads (none of them a task's)
 * @param timeout       how long a receiver has to answer, connection included
 * @param backoff       the wait after a first failed attempt, doubled after each further one (at most {@code maxBackoff})
 * @param maxBackoff    the longest wait between attempts
 * @param disableAfter  deliveries in a row that used up their retries before the hook is disabled
 * @param allowedHosts  hosts (names or addresses) delivered to although they are loopback, link-local or a cloud's
 *                      metadata address, which are refused otherwise
 * @param keep          how long events, deliveries and attempts are kept
 */
@ConfigurationProperties("batchworks.webhooks")
public record WebhookSettings(@DefaultValue("4") int threads, @DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS) Duration timeout,
                              @DefaultValue("5s") @DurationUnit(ChronoUnit.SECONDS) Duration backoff,
                              @DefaultValue("10m") @DurationUnit(ChronoUnit.SECONDS) Duration maxBackoff,
                              @DefaultValue("6") int disableAfter, @DefaultValue List<String> allowedHosts,
                              @DefaultValue("7d") @DurationUnit(ChronoUnit.SECONDS) Duration keep) {

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
    Duration after(int attempts) {
        long ms = backoff.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
