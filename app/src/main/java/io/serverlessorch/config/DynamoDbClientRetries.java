package io.serverlessorch.config;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.retry.RetryBudget;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.time.Duration;

/**
 * The DynamoDB client's own retries, from {@link RetryBudget#dynamoDb()}: the SDK's standard strategy (which
 * errors are retried, its retry quota) with our tries and jittered waits, and every call, retries and waits
 * included, cut off at the budget's call timeout, so that the layers above can count on it. The SDK's default
 * for DynamoDB (its legacy mode) tries a throttled request 9 times over up to a minute: longer than the API
 * function's 15 s, and under our own retries of contended writes ({@code GuardedWrites}), which it would
 * multiply. A request that still fails fails the call: the API answers 503 with Retry-After, a step call fails
 * (the orchestrator tries it again), and Lambda retries a stream batch whose history could not be written.
 *
 * <p>The order API's function ({@value #BUDGET_PROPERTY} = {@value #API}, which its handler sets) retries on
 * {@link RetryBudget#apiDynamoDb()}: its client retries anyway after the Retry-After it is given, and a request held
 * seconds in a throttled retry holds a Lambda instance the whole time, taking concurrency the steps share.
 */
@Singleton
public class DynamoDbClientRetries implements BeanCreatedEventListener<DynamoDbClientBuilder> {

    /** Which budget the context's DynamoDB client retries on: {@value #API}, or anything else for the pipeline's. */
    public static final String BUDGET_PROPERTY = "orch.dynamodb.retry-budget";
    public static final String API = "api";

    private final boolean api;

    DynamoDbClientRetries(@Value("${" + BUDGET_PROPERTY + ":pipeline}") String budget) {
        this.api = API.equals(budget);
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        RetryBudget.DynamoDbCalls calls = api ? RetryBudget.DEFAULT.apiDynamoDb() : RetryBudget.DEFAULT.dynamoDb();
        DynamoDbClientBuilder builder = event.getBean();
        // Onto what Micronaut's factory set (its user agent), not in place of it.
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(calls.tries())
                        .backoffStrategy(waits(calls.backoff()))
                        .throttlingBackoffStrategy(waits(calls.throttledBackoff()))
                        .build())
                .apiCallTimeout(calls.callTimeout())
                .build());
    }

    /** The SDK numbers attempts from 1 and asks for the wait before each; ours counts retries. */
    static BackoffStrategy waits(Backoff backoff) {
        return attempt -> attempt <= 1 ? Duration.ZERO : backoff.beforeRetry(attempt - 1);
    }
}
