package io.serverlessorch.pipeline;

import io.serverlessorch.retry.RetryBudget;

import java.time.Duration;

/**
 * The stream processor's time, derived from the retry budget ({@link RetryBudget}): how long one step call
 * may take (every try cut off by the Lambda client, at the step's timeout plus the client's margin, with the
 * waits between them), how many step calls one order change can need (a failed fulfillment asks three steps:
 * itself and two undos), and so how long one invocation can take: the batch's history write with its retries,
 * one order change, and the batch around them. The processor's timeout must cover that, or the budget refuses
 * to exist. The CDK stack sets the functions' timeouts from {@link #DEFAULT}; the processor starts an order
 * change only while its remaining time covers {@link #perChange()}, and hands back the rest.
 *
 * <p>The step calls themselves are not retried by the SDK ({@code PipelineFactory} builds the Lambda client
 * with {@code doNotRetry}): the tries counted here are the only ones. Because no change starts without its
 * whole budget, the batch size ({@link #BATCH_SIZE}) does not have to fit in one invocation; it sets how much
 * work one invocation can take on when steps answer quickly (about 100 ms per change here).
 *
 * @param retryBudget the numbers; the processor's step tries, waits and timeouts can be set
 *                    ({@code orch.pipeline.*}), the rest is {@link RetryBudget#DEFAULT}'s
 */
public record TimeBudget(RetryBudget retryBudget) {

    /** Stream records per invocation of the processor, as the event source mapping is configured. */
    public static final int BATCH_SIZE = RetryBudget.DEFAULT.stream().batchSize();

    /** What a batch needs besides its history write and its order changes: reading, publishing metrics, answering. */
    public static final Duration BATCH_OVERHEAD = RetryBudget.DEFAULT.processor().batchOverhead();

    /** The settings the stacks deploy, and the functions' defaults. */
    public static final TimeBudget DEFAULT = new TimeBudget(RetryBudget.DEFAULT);

    public TimeBudget {
        Duration needed = perInvocation(retryBudget);
        if (retryBudget.processor().timeout().compareTo(needed) < 0) {
            RetryBudget.StepCalls steps = retryBudget.steps();
            throw new IllegalArgumentException("The stream processor's timeout of " + retryBudget.processor().timeout().toSeconds()
                    + " s cannot cover one order change: " + OrderPipeline.mostStepCallsPerChange() + " step calls of "
                    + steps.tries() + " tries of up to " + steps.callTimeout().toSeconds() + " s each (the step's "
                    + steps.timeout().toSeconds() + " s and the Lambda client's margin), with the history write and "
                    + retryBudget.processor().batchOverhead().toSeconds() + " s for the batch, need " + needed.toMillis() + " ms");
        }
    }

    /**
     * The default budget with the processor's own settings: its tries of a step call, their waits (jittered), the
     * steps' timeout and its own.
     *
     * @throws IllegalArgumentException when the processor's timeout cannot cover one invocation
     */
    public TimeBudget(RetryPolicy retry, Duration stepTimeout, Duration processorTimeout) {
        this(RetryBudget.DEFAULT
                .withSteps(new RetryBudget.StepCalls(retry.attempts(), retry.backoff(), stepTimeout,
                        RetryBudget.DEFAULT.steps().clientMargin()))
                .withProcessor(new RetryBudget.Processor(processorTimeout, RetryBudget.DEFAULT.processor().batchOverhead())));
    }

    /** Tries of a failing step call and the waits between them. */
    public RetryPolicy retry() {
        return RetryPolicy.of(retryBudget.steps());
    }

    /** Each step function's timeout. */
    public Duration stepTimeout() {
        return retryBudget.steps().timeout();
    }

    /** The longest the Lambda client waits for one try of a step call: the step's timeout and the client's margin. */
    public Duration stepCallTimeout() {
        return retryBudget.steps().callTimeout();
    }

    /** The stream processor function's timeout. */
    public Duration processorTimeout() {
        return retryBudget.processor().timeout();
    }

    /** The longest one step call can take: every try cut off by the client, with the waits between them. */
    public Duration perStepCall() {
        return retryBudget.steps().longestCall();
    }

    /**
     * The longest one order change (one stage) can take: the most step calls a stage can ask for, and the move the
     * orchestrator writes itself after undoing.
     */
    public Duration perChange() {
        return perChange(retryBudget);
    }

    /**
     * The longest the batch's history write can take: one BatchWriteItem per try (a batch's records fit one, see
     * {@code DynamoOrderRepository}), as many tries as the storage budget allows for unprocessed items.
     */
    public Duration historyWrite() {
        return historyWrite(retryBudget);
    }

    /** The longest one invocation can take when it starts one order change: what the processor's timeout must cover. */
    public Duration perInvocation() {
        return perInvocation(retryBudget);
    }

    /** Whether an order change may start with {@code remaining} time left. */
    public boolean covers(Duration remaining) {
        return remaining.compareTo(perChange()) >= 0;
    }

    private static Duration perChange(RetryBudget retryBudget) {
        return retryBudget.steps().longestCall().multipliedBy(OrderPipeline.mostStepCallsPerChange())
                .plus(retryBudget.dynamoDb().callTimeout());
    }

    private static Duration historyWrite(RetryBudget retryBudget) {
        return retryBudget.storage().longestLoop(retryBudget.dynamoDb().callTimeout());
    }

    private static Duration perInvocation(RetryBudget retryBudget) {
        return historyWrite(retryBudget).plus(perChange(retryBudget)).plus(retryBudget.processor().batchOverhead());
    }
}
