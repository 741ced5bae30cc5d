package io.serverlessorch.monitoring;

/**
 * One alarm: it goes to ALARM when the metric breaches the threshold ({@code comparison}) in enough of its recent
 * periods ({@code evaluation}); a period with no data breaches only where {@code missingData} says so.
 *
 * @param name the alarm's name without the stage prefix, such as {@code dead-letters}
 * @param description what happened and what to do about it, as the person paged reads it
 */
public record AlarmDefinition(String name, String description, AlarmMetric metric, Comparison comparison, double threshold,
                              Evaluation evaluation, MissingData missingData) {

    /** At or above the threshold, silence never breaching: what most alarms are. */
    public AlarmDefinition(String name, String description, AlarmMetric metric, double threshold, Evaluation evaluation) {
        this(name, description, metric, Comparison.AT_OR_ABOVE, threshold, evaluation, MissingData.NOT_BREACHING);
    }

    /** How a datapoint is compared with the threshold. */
    public enum Comparison {
        AT_OR_ABOVE, ABOVE, BELOW;

        public boolean breaches(double value, double threshold) {
            switch (this) {
                case ABOVE:
                    return value > threshold;
                case BELOW:
                    return value < threshold;
                default:
                    return value >= threshold;
            }
        }
    }

    /**
     * What a period with no data counts as. Silence is no traffic for most metrics, so it never breaches; a metric
     * that something on a timer writes every minute whatever the traffic is silent only when the timer stopped.
     */
    public enum MissingData {
        NOT_BREACHING, BREACHING
    }
}
