package io.serverlessorch.metrics;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import java.time.Duration;

/**
 * Pipeline metrics in CloudWatch Embedded Metric Format: JSON log lines that CloudWatch turns into metrics
 * (no API calls from the function). Locally they are just log lines.
 */
public class EmfPipelineMetrics implements PipelineMetrics {

    public static final String NAMESPACE = "ServerlessOrch";

    @Override
    public void stepAnswered(Step step, StepRequest.Action action, StepResult.Outcome outcome, Duration latency) {
        MetricsLogger metrics = new MetricsLogger();
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions(DimensionSet.of("Step", step.name()), DimensionSet.of("Step", step.name(), "Outcome", outcome.name()));
        metrics.putProperty("Action", action.name());
        metrics.putMetric("StepLatency", latency.toNanos() / 1_000_000.0, Unit.MILLISECONDS);
        metrics.putMetric("StepErrors", outcome == StepResult.Outcome.FAILED ? 1 : 0, Unit.COUNT);
        metrics.flush();
    }

    @Override
    public void orderMoved(OrderStatus status, String reasonCode, Duration sincePlaced) {
        MetricsLogger metrics = new MetricsLogger();
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions(DimensionSet.of("Status", status.name()), DimensionSet.of("Status", status.name(), "Reason", reasonCode));
        metrics.putMetric("Orders", 1, Unit.COUNT);
        if (sincePlaced != null) {
            metrics.putMetric("EndToEndLatency", sincePlaced.toMillis(), Unit.MILLISECONDS);
        }
        metrics.flush();
    }

    @Override
    public void orderReceived() {
        MetricsLogger metrics = new MetricsLogger();
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions();
        metrics.putMetric("OrdersReceived", 1, Unit.COUNT);
        metrics.flush();
    }

    @Override
    public void stepFailed(Step step, boolean willRetry) {
        MetricsLogger metrics = new MetricsLogger();
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions(DimensionSet.of("Step", step.name()));
        metrics.putMetric(willRetry ? "StepRetries" : "StepGaveUp", 1, Unit.COUNT);
        metrics.flush();
    }
}
