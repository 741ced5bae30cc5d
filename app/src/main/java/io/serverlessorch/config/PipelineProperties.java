package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.pipeline.RetryPolicy;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.retry.RetryBudget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * {@code orch.pipeline.*}: how hard the stream processor tries a step that fails for technical reasons, how
 * many orders of one stream batch it handles side by side, and the functions' timeouts its time budget is
 * derived from ({@link TimeBudget}). A setting left out takes its value from {@link RetryBudget#DEFAULT}, which
 * the stacks deploy.
 */
@ConfigurationProperties("orch.pipeline")
public record PipelineProperties(
        @Nullable @Min(1) @Max(10) Integer stepAttempts,
        @Nullable Duration firstBackoff,
        @Nullable Duration maxBackoff,
        @Bindable(defaultValue = "8") @Min(1) @Max(64) int parallelism,
        @Nullable Duration stepTimeout,
        @Nullable Duration processorTimeout) {

    public PipelineProperties {
        RetryBudget.StepCalls steps = RetryBudget.DEFAULT.steps();
        stepAttempts = stepAttempts != null ? stepAttempts : steps.tries();
        firstBackoff = firstBackoff != null ? firstBackoff : steps.backoff().first();
        maxBackoff = maxBackoff != null ? maxBackoff : steps.backoff().max();
        stepTimeout = stepTimeout != null ? stepTimeout : steps.timeout();
        processorTimeout = processorTimeout != null ? processorTimeout : RetryBudget.DEFAULT.processor().timeout();
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(stepAttempts, firstBackoff, maxBackoff);
    }

    /** @throws IllegalArgumentException when the processor's timeout cannot cover one invocation */
    public TimeBudget timeBudget() {
        return new TimeBudget(retryPolicy(), stepTimeout, processorTimeout);
    }
}
