package io.serverlessorch.monitoring;

/** What an alarm watches: one metric's statistic, or an expression over several. */
public sealed interface AlarmMetric permits MetricStat, MetricMath {
}
