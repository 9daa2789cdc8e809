package io.batchworks.engine.idempotency;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Requests sent with an {@code Idempotency-Key} ({@code batchworks.idempotency.*}).
 *
 * @param window     how long a key is remembered: the same key from the same account within it answers the first
 *                   reply again (default 24h)
 * @param inProgress how long a request with a key may take before a request with the same key takes it over, as left
 *                   by a node that died while answering it (default 1h)
 */
@ConfigurationProperties("batchworks.idempotency")
public record IdempotencySettings(@DurationUnit(ChronoUnit.SECONDS) Duration window,
                                  @DurationUnit(ChronoUnit.SECONDS) Duration inProgress) {

    public IdempotencySettings {
        window = window == null ? Duration.ofHours(24) : window;
        inProgress = inProgress == null ? Duration.ofHours(1) : inProgress;
    }
}
