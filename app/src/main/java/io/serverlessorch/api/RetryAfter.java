package io.serverlessorch.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a {@code 503} asks its client to wait ({@code Retry-After}, in whole seconds), drawn anew for each
 * answer so that clients sent back together do not all come back in the same second. Throttling passes within
 * seconds (DynamoDB's burst and adaptive capacity, on-demand tables doubling their throughput); a table that cannot
 * be reached at all (a network fault, a regional event) is not back sooner for being asked.
 */
public final class RetryAfter {

    /** Storage throttled us: 2 to 4 s. */
    static final int BUSY_FROM = 2;
    static final int BUSY_TO = 4;
    /** Storage could not be reached: 5 to 10 s. */
    static final int UNREACHABLE_FROM = 5;
    static final int UNREACHABLE_TO = 10;

    private RetryAfter() {
    }

    public static int busy() {
        return ThreadLocalRandom.current().nextInt(BUSY_FROM, BUSY_TO + 1);
    }

    public static int unreachable() {
        return ThreadLocalRandom.current().nextInt(UNREACHABLE_FROM, UNREACHABLE_TO + 1);
    }

    /** Sets the header unless the answer has one: every 503 of this API says when to come back. */
    static void onServiceUnavailable(MutableHttpResponse<?> response) {
        if (response.getStatus().getCode() == 503 && !response.getHeaders().contains(HttpHeaders.RETRY_AFTER)) {
            response.header(HttpHeaders.RETRY_AFTER, Integer.toString(unreachable()));
        }
    }
}
