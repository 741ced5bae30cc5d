package io.serverlessorch.pipeline;

import io.serverlessorch.retry.Backoff;
import io.serverlessorch.retry.RetryBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor's timeout against what one invocation can take: the inequality the stacks rely on. */
class TimeBudgetTest {

    @Test
    void aFailedFulfillmentIsTheLongestChangeItsStepAndTwoUndos() {
        assertEquals(3, OrderPipeline.mostStepCallsPerChange());
    }

    /**
     * Worked out here from the retry budget's numbers, layer by layer, rather than by {@link TimeBudget}'s own
     * methods: the batch's history write, with the storage budget's tries of one DynamoDB call each cut off at the
     * client's call timeout and the longest waits between them; then one order change, the most step calls a
     * stage can need, each try cut off by the Lambda client at the step's timeout plus its margin, with the
     * longest waits between tries, and the move the orchestrator writes after undoing; then the batch around them.
     */
    @Test
    void theWorstInvocationFitsTheProcessorsTimeout() {
        RetryBudget budget = RetryBudget.DEFAULT;

        Duration dynamoDbCall = budget.dynamoDb().callTimeout();
        Duration historyWrite = dynamoDbCall.multipliedBy(budget.storage().tries())
                .plus(longestWaits(budget.storage().backoff(), budget.storage().tries()));
        Duration stepTry = budget.steps().timeout().plus(budget.steps().clientMargin());
        Duration stepCall = stepTry.multipliedBy(budget.steps().tries())
                .plus(longestWaits(budget.steps().backoff(), budget.steps().tries()));
        Duration stage = stepCall.multipliedBy(OrderPipeline.mostStepCallsPerChange()).plus(dynamoDbCall);
        Duration invocation = historyWrite.plus(stage).plus(budget.processor().batchOverhead());

        assertTrue(invocation.compareTo(budget.processor().timeout()) <= 0,
                "one invocation can take " + invocation + ", past the processor's timeout of " + budget.processor().timeout());
        TimeBudget time = TimeBudget.DEFAULT;
        assertEquals(historyWrite, time.historyWrite());
        assertEquals(stepCall, time.perStepCall());
        assertEquals(stage, time.perChange());
        assertEquals(invocation, time.perInvocation());
    }

    @Test
    void theDeployedBudgetInFigures() {
        TimeBudget budget = TimeBudget.DEFAULT;

        // 4 tries of 5 s, with 20, 40 and 80 ms between them.
        assertEquals(Duration.ofMillis(20_140), budget.historyWrite());
        // 3 tries of 10 s + 5 s with 200 and 400 ms between them, for each of 3 step calls, and a 5 s move.
        assertEquals(Duration.ofMillis(45_600), budget.perStepCall());
        assertEquals(Duration.ofMillis(141_800), budget.perChange());
        // With 10 s for the batch: 171.94 s, under the processor's 180 s.
        assertEquals(Duration.ofMillis(171_940), budget.perInvocation());
        assertEquals(Duration.ofSeconds(180), budget.processorTimeout());
    }

    @Test
    void aLongerStepTimeoutWithoutALongerProcessorTimeoutIsRefused() {
        RetryPolicy retry = TimeBudget.DEFAULT.retry();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TimeBudget(retry, Duration.ofSeconds(15), TimeBudget.DEFAULT.processorTimeout()));
        assertTrue(refused.getMessage().contains("cannot cover one order change"), refused.getMessage());
        new TimeBudget(retry, Duration.ofSeconds(15), Duration.ofSeconds(220)); // raised together: accepted
    }

    @Test
    void moreAttemptsWithoutALongerProcessorTimeoutAreRefused() {
        RetryPolicy fourTries = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));

        assertThrows(IllegalArgumentException.class,
                () -> new TimeBudget(fourTries, TimeBudget.DEFAULT.stepTimeout(), TimeBudget.DEFAULT.processorTimeout()));
    }

    @Test
    void slowerDynamoDbCallsWithoutALongerProcessorTimeoutAreRefused() {
        RetryBudget.DynamoDbCalls calls = RetryBudget.DEFAULT.dynamoDb();
        RetryBudget slower = new RetryBudget(RetryBudget.DEFAULT.steps(), RetryBudget.DEFAULT.storage(),
                new RetryBudget.DynamoDbCalls(calls.tries(), calls.backoff(), calls.throttledBackoff(), Duration.ofSeconds(10)),
                RetryBudget.DEFAULT.apiDynamoDb(), RetryBudget.DEFAULT.processor(), RetryBudget.DEFAULT.stream());

        assertThrows(IllegalArgumentException.class, () -> new TimeBudget(slower));
    }

    @Test
    void theProcessorsOwnSettingsKeepTheRestOfTheDefaultBudget() {
        TimeBudget fromSettings = new TimeBudget(TimeBudget.DEFAULT.retry(), TimeBudget.DEFAULT.stepTimeout(),
                TimeBudget.DEFAULT.processorTimeout());

        assertEquals(TimeBudget.DEFAULT, fromSettings);
        assertEquals(TimeBudget.DEFAULT.stepTimeout().plus(RetryBudget.DEFAULT.steps().clientMargin()), fromSettings.stepCallTimeout());
    }

    @Test
    void aChangeStartsOnlyWhileItsWholeBudgetIsLeft() {
        TimeBudget budget = TimeBudget.DEFAULT;

        assertTrue(budget.covers(budget.perChange()));
        assertFalse(budget.covers(budget.perChange().minusMillis(1)));
    }

    private static Duration longestWaits(Backoff backoff, int tries) {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry < tries; retry++) {
            total = total.plus(backoff.longestBeforeRetry(retry));
        }
        return total;
    }
}
