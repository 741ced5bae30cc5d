package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.serverlessorch.storage.OrderItems.s;

/**
 * Every effect of the pipeline is one transaction that starts with a check that the order is still in the
 * status and version the step was asked about. A repeated or late stream record then cannot reserve,
 * charge or ship for an order that has moved on.
 */
final class GuardedWrites {

    static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final Set<String> CONTENTION = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private GuardedWrites() {
    }

    static TransactWriteItem orderStillAt(String ordersTable, Order order) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(ordersTable)
                .key(OrderItems.orderKey(order.orderId()))
                .conditionExpression("#status = :status AND #version = :version")
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS, "#version", OrderItems.VERSION))
                .expressionAttributeValues(Map.of(
                        ":status", s(order.status().name()),
                        ":version", AttributeValue.fromN(Long.toString(order.version()))))
                .build()).build();
    }

    /** Orders racing for the last units of one product conflict; a few quick, jittered retries settle it. */
    private static final int CONTENTION_ATTEMPTS = 8;

    /**
     * Runs the transaction. Empty when it committed; otherwise the cancellation code of each item, in order.
     *
     * @throws StorageContentionException when it kept losing races or being throttled: worth retrying later
     */
    static Optional<List<String>> write(DynamoDbClient dynamoDb, List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items));
                return Optional.empty();
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (codes.stream().noneMatch(CONTENTION::contains)) {
                    return Optional.of(codes);
                }
                if (attempt == CONTENTION_ATTEMPTS) {
                    throw new StorageContentionException("The write kept losing races or being throttled: " + codes, e);
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(10L << attempt, 500);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a write", e);
        }
    }

    static boolean failed(List<String> codes, int index) {
        return index < codes.size() && CONDITION_FAILED.equals(codes.get(index));
    }
}
