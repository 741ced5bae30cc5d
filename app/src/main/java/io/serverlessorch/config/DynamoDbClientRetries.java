package io.serverlessorch.config;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Bounds the DynamoDB client's own retries to the SDK's standard strategy: 3 tries, a throttled one retried
 * after at most 1 s, then 2 s. The SDK's default for DynamoDB (its legacy mode) tries a throttled request 9 times
 * over up to a minute: longer than the API function's 15 s, and under our own retries of contended writes
 * ({@code GuardedWrites}), which it would multiply. A request still refused after 3 tries fails the call: the
 * API answers with an error, and Lambda retries the stream batch. The retry layers: docs/decisions.md, #5.
 */
@Singleton
class DynamoDbClientRetries implements BeanCreatedEventListener<DynamoDbClientBuilder> {

    static final int MAX_ATTEMPTS = 3;

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        DynamoDbClientBuilder builder = event.getBean();
        // Onto what Micronaut's factory set (its user agent), not in place of it.
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .build());
    }
}
