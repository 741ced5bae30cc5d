package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * {@code orch.idempotency.legacy-key-hours}: for how many hours after it was placed an order whose id came from its
 * Idempotency-Key alone (before keys were scoped to callers) is still found by a principal's retry with the same key
 * and request; 0 turns the look off, which saves a read on each keyed order once no such order is that young
 * (docs/decisions.md, #41).
 */
@ConfigurationProperties("orch.idempotency")
public record IdempotencyProperties(@Bindable(defaultValue = "24") @Min(0) @Max(720) int legacyKeyHours) {

    public Duration legacyKeyWindow() {
        return Duration.ofHours(legacyKeyHours);
    }
}
