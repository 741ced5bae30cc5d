package io.serverlessorch.pipeline;

import io.serverlessorch.retry.Backoff;

import java.time.Duration;

/**
 * How often a step that fails for technical reasons is tried before the order gives up on it, and how long
 * to wait between tries (doubling each time, capped).
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Backoff.doubling(firstBackoff, maxBackoff); // validates both
    }

    /** The wait before attempt {@code attempt} (2, 3, ...). */
    public Duration backoffBefore(int attempt) {
        return Backoff.doubling(firstBackoff, maxBackoff).beforeRetry(attempt - 1);
    }
}
