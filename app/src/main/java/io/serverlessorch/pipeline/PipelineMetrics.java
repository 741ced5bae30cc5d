package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;

import java.time.Duration;

/** What the pipeline reports about itself. */
public interface PipelineMetrics {

    /** A step answered (after {@code latency}, including the invocation). */
    void stepAnswered(Step step, StepRequest.Action action, StepResult.Outcome outcome, Duration latency);

    /**
     * An order moved to {@code status} for the reason named {@code reasonCode}; {@code sincePlaced} is set
     * when the status is terminal.
     */
    void orderMoved(OrderStatus status, String reasonCode, Duration sincePlaced);

    /** An order entered the pipeline (counted once: when its first transition was recorded). */
    void orderReceived();

    /** A step attempt failed for technical reasons and will be retried, or not. */
    void stepFailed(Step step, boolean willRetry);

    /**
     * Writes out what was reported since the last call. The stream processor calls it once per batch, so an
     * implementation may hold reports until then and write them together.
     */
    void publish();
}
