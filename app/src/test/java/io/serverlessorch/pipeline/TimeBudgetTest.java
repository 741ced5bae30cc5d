package io.serverlessorch.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor's timeout against what one order change can take: the inequality the stacks rely on. */
class TimeBudgetTest {

    @Test
    void aFailedFulfillmentIsTheLongestChangeItsStepAndTwoUndos() {
        assertEquals(3, OrderPipeline.mostStepCallsPerChange());
    }

    @Test
    void theDeployedBudgetCoversTheLongestChangeAndTheBatchAroundIt() {
        TimeBudget budget = TimeBudget.DEFAULT;

        // 3 tries of 10 s with 200 ms and 400 ms between them, for each of 3 step calls.
        assertEquals(Duration.ofMillis(30_600), budget.perStepCall());
        assertEquals(Duration.ofMillis(91_800), budget.perChange());
        assertTrue(budget.processorTimeout().compareTo(budget.perChange().plus(TimeBudget.BATCH_OVERHEAD)) >= 0);
    }

    @Test
    void aLongerStepTimeoutWithoutALongerProcessorTimeoutIsRefused() {
        RetryPolicy retry = TimeBudget.DEFAULT.retry();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TimeBudget(retry, Duration.ofSeconds(15), TimeBudget.DEFAULT.processorTimeout()));
        assertTrue(refused.getMessage().contains("cannot cover one order change"), refused.getMessage());
        new TimeBudget(retry, Duration.ofSeconds(15), Duration.ofSeconds(150)); // raised together: accepted
    }

    @Test
    void moreAttemptsWithoutALongerProcessorTimeoutAreRefused() {
        RetryPolicy fourTries = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));

        assertThrows(IllegalArgumentException.class,
                () -> new TimeBudget(fourTries, TimeBudget.DEFAULT.stepTimeout(), TimeBudget.DEFAULT.processorTimeout()));
    }

    @Test
    void aChangeStartsOnlyWhileItsWholeBudgetIsLeft() {
        TimeBudget budget = TimeBudget.DEFAULT;

        assertTrue(budget.covers(budget.perChange()));
        assertFalse(budget.covers(budget.perChange().minusMillis(1)));
    }
}
