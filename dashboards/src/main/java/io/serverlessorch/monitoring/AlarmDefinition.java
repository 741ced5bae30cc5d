package io.serverlessorch.monitoring;

/**
 * One alarm: it goes to ALARM when the metric is at or above the threshold in enough of its recent periods.
 *
 * @param name the alarm's name without the stage prefix, such as {@code dead-letters}
 */
public record AlarmDefinition(String name, String description, AlarmMetric metric, double threshold, Evaluation evaluation) {
}
