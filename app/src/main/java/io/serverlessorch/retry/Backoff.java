package io.serverlessorch.retry;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How long to wait before trying again: {@code first} before the first retry, doubling for each further
 * retry, never more than {@code max}. A jittered backoff waits a random time between half of that and all
 * of it, so that callers who failed together do not retry together.
 *
 * <p>The one backoff of the system: step retries, contended and throttled writes, the DynamoDB client and the
 * local stream mapping all wait through it, with the budgets of {@link RetryBudget}.
 */
public record Backoff(Duration first, Duration max, boolean jittered) {

    /** Renewed after a SnapStart restore: copies restored from one snapshot would otherwise draw the same waits. */
    private static volatile Random jitter = new SecureRandom();

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a backoff cannot be negative: " + first + ", " + max);
        }
    }

    public static Backoff doubling(Duration first, Duration max) {
        return new Backoff(first, max, false);
    }

    public static Backoff jittered(Duration first, Duration max) {
        return new Backoff(first, max, true);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration beforeRetry(int retry) {
        long ceiling = longestBeforeRetry(retry).toMillis();
        long millis = jittered && ceiling > 0 ? jitter.nextLong(ceiling / 2, ceiling + 1) : ceiling;
        return Duration.ofMillis(millis);
    }

    /** The longest wait before retry number {@code retry}: what a time budget must allow for. */
    public Duration longestBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, not " + retry);
        }
        return Duration.ofMillis(Math.min(first.toMillis() << Math.min(retry - 1, 30), max.toMillis()));
    }

    /** The longest waits between {@code tries} tries, all added up: what a time budget must allow for them. */
    public Duration longestWaits(int tries) {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry < tries; retry++) {
            total = total.plus(longestBeforeRetry(retry));
        }
        return total;
    }

    /** A new seed for the jitter, from the operating system's entropy. */
    public static void renewJitter() {
        jitter = new SecureRandom();
    }

    /** A fixed seed, so that a test can repeat the waits it draws. */
    public static void seedJitter(long seed) {
        jitter = new Random(seed);
    }

    /** Sleeps the wait before retry number {@code retry}. */
    public void sleepBeforeRetry(int retry) {
        sleep(beforeRetry(retry));
    }

    /** Sleeps; an interrupt is kept on the thread and ends the retrying with an exception. */
    public static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
