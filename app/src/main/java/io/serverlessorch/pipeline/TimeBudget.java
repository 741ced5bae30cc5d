package io.serverlessorch.pipeline;

import java.time.Duration;

/**
 * The stream processor's time, derived in one place from the steps': how long one step call may take
 * (timeout × attempts, plus the waits between them), how many step calls one order change can need (a
 * failed fulfillment asks three steps: itself and two undos), and so how long the processor must be
 * allowed to run. The CDK stack sets the functions' timeouts from {@link #DEFAULT}; the processor starts
 * an order change only while its remaining time covers {@link #perChange()}, and hands back the rest.
 *
 * <p>The step calls themselves are not retried by the SDK ({@code PipelineFactory} builds the Lambda client
 * with {@code doNotRetry}): the tries counted here are the only ones. Because no change starts without its
 * whole budget, the batch size ({@link #BATCH_SIZE}) does not have to fit in one invocation; it sets how much
 * work one invocation can take on when steps answer quickly (about 100 ms per change here).
 *
 * @param retry            tries of a failing step call and the waits between them
 * @param stepTimeout      each step function's timeout
 * @param processorTimeout the stream processor function's timeout
 */
public record TimeBudget(RetryPolicy retry, Duration stepTimeout, Duration processorTimeout) {

    /** Stream records per invocation of the processor, as the event source mapping is configured. */
    public static final int BATCH_SIZE = 25;

    /** What a batch needs besides its order changes: the history write (with its retries), reading, answering. */
    public static final Duration BATCH_OVERHEAD = Duration.ofSeconds(10);

    /** The settings the stacks deploy, and the functions' defaults. */
    public static final TimeBudget DEFAULT = new TimeBudget(
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(10), Duration.ofSeconds(110));

    public TimeBudget {
        Duration needed = perChange(retry, stepTimeout).plus(BATCH_OVERHEAD);
        if (processorTimeout.compareTo(needed) < 0) {
            throw new IllegalArgumentException("The stream processor's timeout of " + processorTimeout.toSeconds()
                    + " s cannot cover one order change: " + OrderPipeline.mostStepCallsPerChange() + " step calls of "
                    + retry.attempts() + " tries of up to " + stepTimeout.toSeconds() + " s each, plus "
                    + BATCH_OVERHEAD.toSeconds() + " s for the batch, need " + needed.toMillis() + " ms");
        }
    }

    /** The longest one step call can take: every try timing out, with the waits between them. */
    public Duration perStepCall() {
        return perStepCall(retry, stepTimeout);
    }

    /** The longest one order change can take. */
    public Duration perChange() {
        return perChange(retry, stepTimeout);
    }

    /** Whether an order change may start with {@code remaining} time left. */
    public boolean covers(Duration remaining) {
        return remaining.compareTo(perChange()) >= 0;
    }

    private static Duration perStepCall(RetryPolicy retry, Duration stepTimeout) {
        Duration total = stepTimeout.multipliedBy(retry.attempts());
        for (int attempt = 2; attempt <= retry.attempts(); attempt++) {
            total = total.plus(retry.longestBackoffBefore(attempt));
        }
        return total;
    }

    private static Duration perChange(RetryPolicy retry, Duration stepTimeout) {
        return perStepCall(retry, stepTimeout).multipliedBy(OrderPipeline.mostStepCallsPerChange());
    }
}
