package io.serverlessorch.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryBudgetTest {

    @Test
    void theLongestWaitsBetweenTriesAddUpEachCappedWait() {
        Backoff backoff = Backoff.jittered(Duration.ofMillis(20), Duration.ofMillis(500));

        assertEquals(Duration.ZERO, backoff.longestWaits(1));
        assertEquals(Duration.ofMillis(20 + 40 + 80), backoff.longestWaits(4));
        // The ten splits of a line: 20, 40, ... 320, then 500 for the rest.
        assertEquals(Duration.ofMillis(20 + 40 + 80 + 160 + 320 + 4 * 500), backoff.longestWaits(10));
    }

    @Test
    void aStepTryLastsUpToTheStepsTimeoutAndTheClientsMargin() {
        RetryBudget.StepCalls steps = new RetryBudget.StepCalls(2, Backoff.jittered(Duration.ofMillis(100), Duration.ofSeconds(1)),
                Duration.ofSeconds(4), Duration.ofSeconds(1));

        assertEquals(Duration.ofSeconds(5), steps.callTimeout());
        assertEquals(Duration.ofMillis(10_100), steps.longestCall());
    }

    @Test
    void aStorageLoopTriesItsCallsWithTheWaitsBetween() {
        RetryBudget.Storage storage = new RetryBudget.Storage(3, Backoff.jittered(Duration.ofMillis(50), Duration.ofMillis(60)), 1);

        assertEquals(Duration.ofMillis(3 * 2_000 + 50 + 60), storage.longestLoop(Duration.ofSeconds(2)));
    }

    @Test
    void everyLayerTriesAtLeastOnceAndEveryTimeoutIsPositive() {
        Backoff none = Backoff.doubling(Duration.ZERO, Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.StepCalls(0, none, Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.StepCalls(1, none, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.Storage(0, none, 1));
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.DynamoDbCalls(0, none, none, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.DynamoDbCalls(1, none, none, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryBudget.Stream(25, -1, true, Duration.ofHours(1), none));
    }
}
