package io.serverlessorch.local;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's fault: while {@link #on} names a table, every PutItem to it is refused before it is sent, as DynamoDB
 * refuses a throttled request (so nothing is written and the SDK retries it as such). Loaded by the SDK as a global
 * interceptor (this module's test {@code execution.interceptors}); it does nothing unless a test turns it on.
 */
public final class ThrottledOrderWrites implements ExecutionInterceptor {

    private static volatile String table;
    private static final AtomicInteger refused = new AtomicInteger();

    static void on(String tableName) {
        table = tableName;
    }

    static void off() {
        table = null;
    }

    static int refused() {
        return refused.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String throttled = table;
        if (throttled != null && context.request() instanceof PutItemRequest put && throttled.equals(put.tableName())) {
            refused.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .message("The level of configured provisioned throughput for the table was exceeded.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").serviceName("DynamoDb").build())
                    .build();
        }
    }
}
