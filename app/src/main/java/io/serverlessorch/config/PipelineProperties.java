package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.pipeline.RetryPolicy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code orch.pipeline.*}: how hard the stream processor tries a step that fails for technical reasons, and
 * how many orders of one stream batch it handles side by side.
 */
@ConfigurationProperties("orch.pipeline")
public record PipelineProperties(
        @Bindable(defaultValue = "3") @Min(1) @Max(10) int stepAttempts,
        @Bindable(defaultValue = "200ms") @NotNull Duration firstBackoff,
        @Bindable(defaultValue = "2s") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "8") @Min(1) @Max(64) int parallelism) {

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(stepAttempts, firstBackoff, maxBackoff);
    }
}
