package io.serverlessorch.monitoring;

/**
 * How many periods an alarm looks at, how many of them must breach, and what silence means. Each alarm's
 * choice is explained in docs/decisions.md ("Alarms an on-call person can trust").
 */
public enum Evaluation {
    /** The first breach counts: a dead letter, or a rate already smoothed over 15 minutes. */
    FIRST(1, 1, MissingData.NOT_BREACHING),
    /** 2 of 3 periods: one bad period is what retries are for; two are a pattern. */
    SUSTAINED(2, 3, MissingData.NOT_BREACHING),
    /** 3 of 3 periods: a slow spell that lasts. */
    PERSISTENT(3, 3, MissingData.NOT_BREACHING),
    /**
     * 5 of 5 one-minute periods behind; missing periods are left out, and with none at all the alarm has
     * INSUFFICIENT_DATA rather than OK: a consumer that stops reporting is not shown as caught up.
     */
    BEHIND(5, 5, MissingData.MISSING);

    /** CloudWatch's {@code TreatMissingData}: what a period with no data counts as. */
    public enum MissingData {
        NOT_BREACHING, MISSING
    }

    public final int datapointsToAlarm;
    public final int evaluationPeriods;
    public final MissingData missingData;

    Evaluation(int datapointsToAlarm, int evaluationPeriods, MissingData missingData) {
        this.datapointsToAlarm = datapointsToAlarm;
        this.evaluationPeriods = evaluationPeriods;
        this.missingData = missingData;
    }
}
