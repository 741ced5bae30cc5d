package io.serverlessorch.monitoring;

/**
 * How many periods an alarm looks at and how many of them must breach. A period with no data does not breach
 * (CloudWatch's {@code notBreaching}) unless the alarm says otherwise ({@link AlarmDefinition.MissingData}): where no
 * data means no traffic, silence is fine; a stream consumer that stopped has an alarm of its own that sees it
 * ({@code stream-consumer-stalled}), and the deadline sweep's timer, which runs whatever the traffic, has one whose
 * silence breaches. Each alarm's choice is explained in docs/decisions.md ("Alarms an on-call person can trust").
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
    BEHIND(5, 5),
    /**
     * 5 of 5 one-minute periods: something that runs every minute (the deadline sweep) has not run for 5 minutes.
     * Its alarm counts a period with no data as breaching; one run in the window keeps it OK.
     */
    HEARTBEAT(5, 5);

    public final int datapointsToAlarm;
    public final int evaluationPeriods;

    Evaluation(int datapointsToAlarm, int evaluationPeriods) {
        this.datapointsToAlarm = datapointsToAlarm;
        this.evaluationPeriods = evaluationPeriods;
    }
}
