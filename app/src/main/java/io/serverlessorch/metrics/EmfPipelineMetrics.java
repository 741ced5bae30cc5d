package io.serverlessorch.metrics;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipeline metrics in CloudWatch Embedded Metric Format: JSON log lines that CloudWatch turns into metrics
 * (no API calls from the function). Locally they are just log lines.
 *
 * <p>Reports are held until {@link #publish()}, which the stream processor calls once per batch. Reports
 * with the same dimension values in the same minute then share one document that carries every value of
 * each metric (the library starts another document past EMF's 100 values), timestamped with that minute, so
 * a batch writes one document per step outcome and per status reached rather than one per report: those
 * lines' ingestion is most of what metrics cost.
 */
public class EmfPipelineMetrics implements PipelineMetrics {

    public static final String NAMESPACE = "ServerlessOrch";

    private static final List<List<String>> BY_STEP = List.of(List.of("Step"));
    private static final List<List<String>> BY_STEP_AND_OUTCOME = List.of(List.of("Step"), List.of("Step", "Outcome"));
    private static final List<List<String>> BY_STATUS_AND_REASON = List.of(List.of("Status"), List.of("Status", "Reason"));

    private static final Logger LOG = LoggerFactory.getLogger(EmfPipelineMetrics.class);

    private final Environment environment;
    private final Clock clock;
    private final Map<Document, List<Value>> pending = new LinkedHashMap<>();

    public EmfPipelineMetrics() {
        this(Clock.systemUTC(), MetricDocumentSink.STANDARD_OUTPUT);
    }

    public EmfPipelineMetrics(Clock clock) {
        this(clock, MetricDocumentSink.STANDARD_OUTPUT);
    }

    public EmfPipelineMetrics(Clock clock, MetricDocumentSink documents) {
        this.clock = clock;
        this.environment = new StandardOutputEnvironment(documents);
    }

    @Override
    public void stepAnswered(Step step, StepRequest.Action action, StepResult.Outcome outcome, Duration latency) {
        report(new Document(minute(), BY_STEP_AND_OUTCOME, Map.of("Step", step.name(), "Outcome", outcome.name(), "Action", action.name())),
                new Value("StepLatency", latency.toNanos() / 1_000_000.0, Unit.MILLISECONDS),
                new Value("StepErrors", outcome == StepResult.Outcome.FAILED ? 1 : 0, Unit.COUNT));
    }

    @Override
    public void orderMoved(OrderStatus status, String reasonCode, Duration sincePlaced) {
        Document document = new Document(minute(), BY_STATUS_AND_REASON, Map.of("Status", status.name(), "Reason", reasonCode));
        Value counted = new Value("Orders", 1, Unit.COUNT);
        if (sincePlaced == null) {
            report(document, counted);
        } else {
            report(document, counted, new Value("EndToEndLatency", sincePlaced.toMillis(), Unit.MILLISECONDS));
        }
    }

    @Override
    public void orderReceived() {
        report(new Document(minute(), List.of(), Map.of()), new Value("OrdersReceived", 1, Unit.COUNT));
    }

    @Override
    public void stepFailed(Step step, boolean willRetry) {
        report(new Document(minute(), BY_STEP, Map.of("Step", step.name())), new Value(willRetry ? "StepRetries" : "StepGaveUp", 1, Unit.COUNT));
    }

    /** Writes what was reported since the last call, and forgets it. */
    @Override
    public void publish() {
        Map<Document, List<Value>> reported;
        synchronized (pending) {
            reported = new LinkedHashMap<>(pending);
            pending.clear();
        }
        reported.forEach((document, values) -> {
            try {
                MetricsLogger metrics = new MetricsLogger(environment);
                metrics.setNamespace(NAMESPACE);
                metrics.setTimestamp(document.minute());
                metrics.setDimensions(document.dimensionSets().stream().map(document::dimensionSet).toArray(DimensionSet[]::new));
                document.properties().forEach(metrics::putProperty);
                values.forEach(value -> metrics.putMetric(value.metric(), value.value(), value.unit()));
                metrics.flush();
            } catch (RuntimeException e) {
                // A document the library refuses costs its own values, not the batch's other documents or its result.
                LOG.warn("Metric document {} could not be written: {}", document.fields(), e.toString());
            }
        });
    }

    /** Reports are grouped by the minute they were made in, so a long batch's values keep their minute. */
    private Instant minute() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    private void report(Document document, Value... values) {
        synchronized (pending) {
            pending.computeIfAbsent(document, key -> new ArrayList<>()).addAll(List.of(values));
        }
    }

    /** What makes reports share a document: their minute, the dimension sets, and the values of its fields. */
    private record Document(Instant minute, List<List<String>> dimensionSets, Map<String, String> fields) {

        DimensionSet dimensionSet(List<String> keys) {
            DimensionSet set = new DimensionSet();
            keys.forEach(key -> set.addDimension(key, fields.get(key)));
            return set;
        }

        /** The fields that are no dimension, written as plain properties. */
        Map<String, String> properties() {
            Map<String, String> properties = new LinkedHashMap<>(fields);
            dimensionSets.forEach(keys -> keys.forEach(properties::remove));
            return properties;
        }
    }

    private record Value(String metric, double value, Unit unit) {
    }
}
