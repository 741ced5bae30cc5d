package io.serverlessorch.monitoring;

/**
 * How many periods an alarm looks at and how many of them must breach. A period with no data never breaches
 * (CloudWatch's {@code notBreaching}): where no data means no traffic, silence is fine, and the one silence that
 * is not (a stream consumer that stopped) has an alarm of its own that sees it ({@code stream-consumer-stalled}).
 * Each alarm's choice is explained in docs/decisions.md ("Alarms an on-call person can trust").
 */
public enum Evaluation {
    /** The first breach counts: a dead letter, or a rate already smoothed over 15 minutes. */
    FIRST(1, 1),
    /** 2 of 3 periods: one bad period is what retries are for; two are a pattern. */
    SUSTAINED(2, 3),
    /** 3 of 3 periods: a slow spell that lasts. */
    PERSISTENT(3, 3),
    /**
     * 5 of 5 one-minute periods behind. The processor reports its lag only when it runs, so silence is an idle
     * stream or a stalled consumer; {@code stream-consumer-stalled} tells the two apart.
     */
    BEHIND(5, 5);

    public final int datapointsToAlarm;
    public final int evaluationPeriods;

    Evaluation(int datapointsToAlarm, int evaluationPeriods) {
        this.datapointsToAlarm = datapointsToAlarm;
        this.evaluationPeriods = evaluationPeriods;
    }
}
