package io.serverlessorch.local.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local stand-ins for the metrics AWS services publish themselves ({@code AWS/Lambda},
 * {@code AWS/ApiGateway}, {@code AWS/DynamoDB}, {@code AWS/SQS}), with their names and dimensions. Values are
 * gathered and written to the {@link MetricStore} as metric documents at each {@link #flush()}, so the store
 * holds one kind of record whatever made it.
 */
public final class ServiceMetrics {

    public static final String COUNT = "Count";
    public static final String MILLISECONDS = "Milliseconds";
    public static final String SECONDS = "Seconds";
    /** EMF's limit on the values of one metric in one document. */
    private static final int MAX_VALUES = 100;

    private record Group(String namespace, Map<String, String> dimensions) {
    }

    private record Metric(String name, String unit) {
    }

    private final MetricStore store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Group, Map<Metric, List<Double>>> pending = new LinkedHashMap<>();

    public ServiceMetrics(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(String namespace, String name, Map<String, String> dimensions, double value, String unit) {
        synchronized (pending) {
            pending.computeIfAbsent(new Group(namespace, new TreeMap<>(dimensions)), group -> new LinkedHashMap<>())
                    .computeIfAbsent(new Metric(name, unit), metric -> new ArrayList<>()).add(value);
        }
    }

    /** Writes what was recorded since the last flush, one document per namespace and dimensions. */
    public void flush() {
        Map<Group, Map<Metric, List<Double>>> recorded;
        synchronized (pending) {
            recorded = new LinkedHashMap<>(pending);
            pending.clear();
        }
        long now = clock.millis();
        recorded.forEach((group, values) -> {
            boolean more = true;
            for (int offset = 0; more; offset += MAX_VALUES) {
                more = false;
                ObjectNode document = json.createObjectNode();
                ObjectNode directive = json.createObjectNode().put("Namespace", group.namespace());
                directive.putArray("Dimensions").add(json.valueToTree(List.copyOf(group.dimensions().keySet())));
                ArrayNode metrics = directive.putArray("Metrics");
                for (Map.Entry<Metric, List<Double>> metric : values.entrySet()) {
                    List<Double> all = metric.getValue();
                    if (offset >= all.size()) {
                        continue;
                    }
                    metrics.addObject().put("Name", metric.getKey().name()).put("Unit", metric.getKey().unit());
                    ArrayNode numbers = document.putArray(metric.getKey().name());
                    all.subList(offset, Math.min(all.size(), offset + MAX_VALUES)).forEach(numbers::add);
                    more |= all.size() > offset + MAX_VALUES;
                }
                ObjectNode aws = json.createObjectNode().put("Timestamp", now);
                aws.putArray("CloudWatchMetrics").add(directive);
                document.set("_aws", aws);
                group.dimensions().forEach(document::put);
                store.accept(document.toString());
            }
        });
    }
}
