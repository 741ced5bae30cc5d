package io.serverlessorch.metrics;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.payments.PaymentMetrics;
import io.serverlessorch.payments.PaymentWebhooks;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's and the order API's metrics in CloudWatch Embedded Metric Format: JSON log lines that
 * CloudWatch turns into metrics (no API calls from the function). Locally they go to the local run's metric
 * store. The API has no batch to wait for: what it reports is written at once.
 *
 * <p>Reports are held until {@link #publish()}, which the stream processor calls once per batch. Reports
 * with the same dimension values in the same minute then share one document that carries every value of
 * each metric (another document past EMF's 100 values a metric), timestamped with that minute, so a batch
 * writes one document per step outcome and per status reached rather than one per report: those lines'
 * ingestion is most of what metrics cost.
 *
 * <p>The documents are written with jackson-core, which the jar carries anyway: AWS's EMF library cost 2.6 MB
 * of the deployment jar (jackson-databind, commons-lang3 and javatuples with it), for a format of one
 * directive and the values.
 */
public class EmfPipelineMetrics implements PipelineMetrics, PaymentMetrics {

    public static final String NAMESPACE = "ServerlessOrch";

    /** One dimension set with no keys: the metric itself. An empty Dimensions array would declare no metric at all. */
    private static final List<List<String>> UNDIMENSIONED = List.of(List.of());
    private static final List<List<String>> BY_STEP = List.of(List.of("Step"));
    private static final List<List<String>> BY_STEP_AND_OUTCOME = List.of(List.of("Step"), List.of("Step", "Outcome"));
    private static final List<List<String>> BY_REASON = List.of(List.of(), List.of("Reason"));
    private static final List<List<String>> BY_OUTCOME = List.of(List.of("Outcome"));
    private static final List<List<String>> BY_STATUS_AND_REASON = List.of(List.of("Status"), List.of("Status", "Reason"));

    /** EMF takes at most 100 values of a metric in one document. */
    static final int MAX_VALUES_PER_METRIC = 100;

    private static final Logger LOG = LoggerFactory.getLogger(EmfPipelineMetrics.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String MILLISECONDS = "Milliseconds";
    private static final String COUNT = "Count";

    private final MetricDocumentSink documents;
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
        this.documents = documents;
    }

    @Override
    public void stepAnswered(Step step, StepRequest.Action action, StepResult.Outcome outcome, Duration latency) {
        report(new Document(minute(), BY_STEP_AND_OUTCOME, Map.of("Step", step.name(), "Outcome", outcome.name(), "Action", action.name())),
                new Value("StepLatency", latency.toNanos() / 1_000_000.0, MILLISECONDS),
                new Value("StepErrors", outcome == StepResult.Outcome.FAILED ? 1 : 0, COUNT));
    }

    @Override
    public void orderMoved(OrderStatus status, String reasonCode, Duration sincePlaced) {
        Document document = new Document(minute(), BY_STATUS_AND_REASON, Map.of("Status", status.name(), "Reason", reasonCode));
        Value counted = new Value("Orders", 1, COUNT);
        if (sincePlaced == null) {
            report(document, counted);
        } else {
            report(document, counted, new Value("EndToEndLatency", sincePlaced.toMillis(), MILLISECONDS));
        }
    }

    @Override
    public void orderReceived() {
        report(new Document(minute(), UNDIMENSIONED, Map.of()), new Value("OrdersReceived", 1, COUNT));
    }

    @Override
    public void orderPlaced() {
        countNow("OrdersPlaced");
    }

    @Override
    public void unreadableOrderSkipped() {
        countNow("UnreadableOrdersSkipped");
    }

    /** {@code StorageUnavailable}, in all and by {@code Reason}: requests the API sent back with a 503. */
    @Override
    public void storageUnavailable(String reason) {
        report(new Document(minute(), BY_REASON, Map.of("Reason", reason)), new Value("StorageUnavailable", 1, COUNT));
        publish();
    }

    @Override
    public void orderSignalled(OrderStatus status, String reasonCode) {
        report(new Document(minute(), BY_STATUS_AND_REASON, Map.of("Status", status.name(), "Reason", reasonCode)),
                new Value("Orders", 1, COUNT));
        publish();
    }

    @Override
    public void webhookRefused(String code) {
        report(new Document(minute(), BY_REASON, Map.of("Reason", code)), new Value("WebhookRefusals", 1, COUNT));
        publish();
    }

    @Override
    public void webhookTaken(PaymentWebhooks.Outcome outcome) {
        report(new Document(minute(), BY_OUTCOME, Map.of("Outcome", outcome.name())), new Value("WebhookEvents", 1, COUNT));
        publish();
    }

    /**
     * {@code OrdersWaitingForPayment}: a gauge, read with Maximum; {@code PaymentDeadlineLateness}: how long after
     * its deadline the sweep found the latest order (0 when none), which the overdue alarm watches; {@code
     * DeadlineSweeps}: one per sweep, so a sweep that stopped running shows as missing data.
     */
    @Override
    public void deadlinesSwept(long waiting, int overdue, Duration mostOverdue) {
        report(new Document(minute(), UNDIMENSIONED, Map.of()),
                new Value("DeadlineSweeps", 1, COUNT),
                new Value("OrdersWaitingForPayment", waiting, COUNT),
                new Value("PaymentDeadlinesPassed", overdue, COUNT),
                new Value("PaymentDeadlineLateness", mostOverdue.toMillis(), MILLISECONDS));
        publish();
    }

    /** One of an undimensioned count, written at once: the API has no batch to wait for. */
    private void countNow(String metric) {
        report(new Document(minute(), UNDIMENSIONED, Map.of()), new Value(metric, 1, COUNT));
        publish();
    }

    @Override
    public void stepFailed(Step step, boolean willRetry) {
        report(new Document(minute(), BY_STEP, Map.of("Step", step.name())), new Value(willRetry ? "StepRetries" : "StepGaveUp", 1, COUNT));
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
            Map<Metric, List<Double>> byMetric = new LinkedHashMap<>();
            values.forEach(value -> byMetric.computeIfAbsent(new Metric(value.metric(), value.unit()), key -> new ArrayList<>()).add(value.value()));
            int most = byMetric.values().stream().mapToInt(List::size).max().orElse(0);
            for (int from = 0; from < most; from += MAX_VALUES_PER_METRIC) {
                try {
                    documents.write(render(document, byMetric, from));
                } catch (RuntimeException | IOException e) {
                    // A document that cannot be written costs its own values, not the batch's other documents or its result.
                    LOG.warn("Metric document {} could not be written: {}", document.fields(), e.toString());
                }
            }
        });
    }

    /** One document: the directive, the fields, and each metric's values from index {@code from}, up to EMF's limit. */
    private static String render(Document document, Map<Metric, List<Double>> byMetric, int from) throws IOException {
        Map<Metric, List<Double>> slice = new LinkedHashMap<>();
        byMetric.forEach((metric, values) -> {
            if (values.size() > from) {
                slice.put(metric, values.subList(from, Math.min(values.size(), from + MAX_VALUES_PER_METRIC)));
            }
        });
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", document.minute().toEpochMilli());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            for (List<String> set : document.dimensionSets()) {
                json.writeStartArray();
                for (String key : set) {
                    json.writeString(key);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Metric metric : slice.keySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.name());
                json.writeStringField("Unit", metric.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> field : document.fields().entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            for (Map.Entry<Metric, List<Double>> metric : slice.entrySet()) {
                json.writeFieldName(metric.getKey().name());
                if (metric.getValue().size() == 1) {
                    json.writeNumber(metric.getValue().get(0));
                } else {
                    json.writeStartArray();
                    for (double value : metric.getValue()) {
                        json.writeNumber(value);
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        }
        return text.toString();
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
    }

    private record Metric(String name, String unit) {
    }

    private record Value(String metric, double value, String unit) {
    }
}
