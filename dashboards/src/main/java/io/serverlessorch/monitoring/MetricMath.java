package io.serverlessorch.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CloudWatch metric math expression over named metrics, such as {@code IF(requests > 0, 100 * errors / requests, 0)}.
 *
 * @param metrics the metrics the expression names, by id
 */
public record MetricMath(String expression, Map<String, MetricStat> metrics, String label, Duration period) implements AlarmMetric {

    public MetricMath {
        metrics = new TreeMap<>(metrics);
    }
}
