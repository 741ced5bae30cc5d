package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** How long stored data is kept before DynamoDB's TTL removes it. */
public final class RetentionProperties {

    private RetentionProperties() {
    }

    /** {@code orch.orders.retention-days}: days an order is kept after it was placed; 0 keeps it for ever. */
    @ConfigurationProperties("orch.orders")
    public record Orders(@Bindable(defaultValue = "0") @Min(0) @Max(36500) int retentionDays) {
        public Duration retention() {
            return Duration.ofDays(retentionDays);
        }
    }

    /** {@code orch.history.retention-days}: days each status change stays in an order's history. */
    @ConfigurationProperties("orch.history")
    public record History(@Bindable(defaultValue = "90") @Min(1) @Max(36500) int retentionDays) {
        public Duration retention() {
            return Duration.ofDays(retentionDays);
        }
    }
}
