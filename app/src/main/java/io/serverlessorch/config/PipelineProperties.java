package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.pipeline.RetryPolicy;
import io.serverlessorch.pipeline.TimeBudget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code orch.pipeline.*}: how hard the stream processor tries a step that fails for technical reasons, how
 * many orders of one stream batch it handles side by side, and the functions' timeouts its time budget is
 * derived from ({@link TimeBudget}; the stacks set them from {@link TimeBudget#DEFAULT}).
 */
@ConfigurationProperties("orch.pipeline")
public record PipelineProperties(
        @Bindable(defaultValue = "3") @Min(1) @Max(10) int stepAttempts,
        @Bindable(defaultValue = "200ms") @NotNull Duration firstBackoff,
        @Bindable(defaultValue = "2s") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "8") @Min(1) @Max(64) int parallelism,
        @Bindable(defaultValue = "10s") @NotNull Duration stepTimeout,
        @Bindable(defaultValue = "110s") @NotNull Duration processorTimeout) {

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(stepAttempts, firstBackoff, maxBackoff);
    }

    /** @throws IllegalArgumentException when the processor's timeout cannot cover one order change */
    public TimeBudget timeBudget() {
        return new TimeBudget(retryPolicy(), stepTimeout, processorTimeout);
    }
}
