package io.serverlessorch.pipeline;

import io.serverlessorch.retry.Backoff;
import io.serverlessorch.retry.RetryBudget;

import java.time.Duration;

/**
 * How often a step that fails for technical reasons is tried before the order gives up on it, and how long
 * to wait between tries: doubling each time, capped, and jittered (between half the wait and all of it), so
 * that orders whose step failed together, in one batch or in many copies of the processor, do not try again
 * together. The jitter is our {@link Backoff}'s rather than the SDK's {@code BackoffStrategy}, whose random
 * source a SnapStart restore would leave the same in every copy. The numbers: {@link RetryBudget#steps()}.
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Backoff.jittered(firstBackoff, maxBackoff); // validates both
    }

    /** The step retries of a retry budget. */
    public static RetryPolicy of(RetryBudget.StepCalls steps) {
        return new RetryPolicy(steps.tries(), steps.backoff().first(), steps.backoff().max());
    }

    /** The waits between tries. */
    public Backoff backoff() {
        return Backoff.jittered(firstBackoff, maxBackoff);
    }

    /** The wait before attempt {@code attempt} (2, 3, ...), drawn anew at each call. */
    public Duration backoffBefore(int attempt) {
        return backoff().beforeRetry(attempt - 1);
    }

    /** The longest wait before attempt {@code attempt}: what the time budget allows for. */
    public Duration longestBackoffBefore(int attempt) {
        return backoff().longestBeforeRetry(attempt - 1);
    }
}
