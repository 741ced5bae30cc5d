package io.serverlessorch.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric with one statistic over one period, as an alarm reads it.
 *
 * @param statistic {@code Sum}, {@code Maximum}, {@code Minimum}, {@code Average}, {@code SampleCount} or a
 *                  percentile such as {@code p99}
 */
public record MetricStat(String namespace, String metricName, Map<String, String> dimensions, String statistic,
                         Duration period) implements AlarmMetric {

    public MetricStat {
        dimensions = new TreeMap<>(dimensions);
    }
}
