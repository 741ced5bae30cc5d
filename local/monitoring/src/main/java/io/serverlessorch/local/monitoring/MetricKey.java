package io.serverlessorch.local.monitoring;

import java.util.Map;
import java.util.TreeMap;

/** A metric as CloudWatch identifies it: namespace, name and dimensions. */
public record MetricKey(String namespace, String name, Map<String, String> dimensions) {

    public MetricKey {
        dimensions = new TreeMap<>(dimensions);
    }
}
