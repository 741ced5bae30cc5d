package io.serverlessorch.local.monitoring;

import io.serverlessorch.monitoring.AlarmDefinition;
import io.serverlessorch.monitoring.Evaluation;
import io.serverlessorch.monitoring.MetricMath;
import io.serverlessorch.monitoring.MetricStat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The alarms of {@link io.serverlessorch.monitoring.Alarms}, evaluated against the local metric store the way
 * CloudWatch evaluates them: the last {@code evaluationPeriods} periods (the one in progress included, so a
 * dead letter shows within seconds rather than at the end of its minute), ALARM when at least
 * {@code datapointsToAlarm} of them breach the threshold. A period with no data breaches only for an alarm that
 * says so ({@link AlarmDefinition.MissingData#BREACHING}), and then only from the moment this evaluator started:
 * in AWS the timer ran before, here the periods before the local run have no data because nothing ran.
 */
public final class AlarmEvaluator {

    public enum State {
        OK, ALARM
    }

    /** An alarm's state, why, since when, and the datapoints it was decided on (null for a period with none). */
    public record AlarmState(AlarmDefinition alarm, String name, State state, String reason, Instant since, List<Double> datapoints) {
    }

    private final List<AlarmDefinition> alarms;
    private final String prefix;
    private final MetricQueries queries;
    private final Clock clock;
    private final Consumer<AlarmState> changes;
    private final Map<String, AlarmState> states = new LinkedHashMap<>();
    private final Instant started;

    /**
     * @param prefix  the stage's prefix, put before each alarm's name as the stack does
     * @param changes told of each change of state (not of the first evaluation)
     */
    public AlarmEvaluator(List<AlarmDefinition> alarms, String prefix, MetricQueries queries, Clock clock, Consumer<AlarmState> changes) {
        this.alarms = List.copyOf(alarms);
        this.prefix = prefix;
        this.queries = queries;
        this.clock = clock;
        this.changes = changes;
        this.started = clock.instant();
    }

    public synchronized List<AlarmState> evaluate() {
        Instant now = clock.instant();
        List<AlarmState> evaluated = new ArrayList<>();
        for (AlarmDefinition alarm : alarms) {
            AlarmState previous = states.get(alarm.name());
            AlarmState next = evaluate(alarm, now, previous);
            states.put(alarm.name(), next);
            evaluated.add(next);
            if (previous != null && previous.state() != next.state()) {
                changes.accept(next);
            }
        }
        return evaluated;
    }

    public synchronized List<AlarmState> states() {
        return List.copyOf(states.values());
    }

    private AlarmState evaluate(AlarmDefinition alarm, Instant now, AlarmState previous) {
        Evaluation evaluation = alarm.evaluation();
        Duration period = alarm.metric() instanceof MetricStat stat ? stat.period() : ((MetricMath) alarm.metric()).period();
        long size = period.toMillis();
        long current = Math.floorDiv(now.toEpochMilli(), size) * size;
        Instant start = Instant.ofEpochMilli(current - (evaluation.evaluationPeriods - 1) * size);
        Instant end = Instant.ofEpochMilli(current + size);
        SortedMap<Long, Double> values = values(alarm, start, end);
        List<Double> datapoints = new ArrayList<>();
        int breaching = 0;
        boolean missingBreaches = alarm.missingData() == AlarmDefinition.MissingData.BREACHING;
        for (long at : MetricQueries.periods(start, end, period)) {
            Double value = values.get(at);
            datapoints.add(value);
            if (value == null ? missingBreaches && at >= started.toEpochMilli() : alarm.comparison().breaches(value, alarm.threshold())) {
                breaching++;
            }
        }
        State state = breaching >= evaluation.datapointsToAlarm ? State.ALARM : State.OK;
        String reason = breaching + " of the last " + evaluation.evaluationPeriods + " datapoints " + datapoints
                + (breaching == 1 ? " was" : " were") + " " + compared(alarm.comparison()) + " " + format(alarm.threshold())
                + (missingBreaches ? ", or missing" : "") + " (" + evaluation.datapointsToAlarm + " needed)";
        Instant since = previous != null && previous.state() == state ? previous.since() : now;
        return new AlarmState(alarm, prefix + "-" + alarm.name(), state, reason, since, datapoints);
    }

    private SortedMap<Long, Double> values(AlarmDefinition alarm, Instant start, Instant end) {
        if (alarm.metric() instanceof MetricStat stat) {
            return queries.series(stat, start, end);
        }
        MetricMath math = (MetricMath) alarm.metric();
        Map<String, SortedMap<Long, Double>> metrics = new TreeMap<>();
        math.metrics().forEach((id, stat) -> metrics.put(id, queries.series(stat, start, end)));
        return MathExpression.parse(math.expression()).evaluate(metrics, MetricQueries.periods(start, end, math.period()));
    }

    private static String compared(AlarmDefinition.Comparison comparison) {
        switch (comparison) {
            case ABOVE:
                return "above";
            case BELOW:
                return "below";
            default:
                return "at or above";
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
