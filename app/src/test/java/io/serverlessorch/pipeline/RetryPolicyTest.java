package io.serverlessorch.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300));

    @Test
    void theLongestWaitDoublesUpToTheCap() {
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300)),
                IntStream.rangeClosed(2, 4).mapToObj(policy::longestBackoffBefore).toList());
    }

    @Test
    void eachWaitIsDrawnBetweenHalfTheLongestAndAllOfIt() {
        for (int attempt = 2; attempt <= 4; attempt++) {
            Duration longest = policy.longestBackoffBefore(attempt);
            int at = attempt;
            Set<Duration> drawn = IntStream.range(0, 200).mapToObj(i -> policy.backoffBefore(at)).collect(Collectors.toSet());
            assertTrue(drawn.stream().allMatch(wait -> wait.compareTo(longest.dividedBy(2)) >= 0 && wait.compareTo(longest) <= 0),
                    "attempt " + attempt + ": " + drawn);
            assertTrue(drawn.size() > 10, "orders that failed together wait different times: " + drawn);
        }
    }
}
