package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;

/**
 * The transactions of the pipeline and how to read their refusals. Every write that touches more than the
 * order item is one transaction guarded by the order's status and version, so a repeated or late stream
 * record cannot reserve, ship, release or refund for an order that has moved on.
 */
final class GuardedWrites {

    /** DynamoDB's limit on the items of one transaction. */
    static final int MAX_TRANSACTION_ITEMS = 100;

    static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final Set<String> CONTENTION = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private GuardedWrites() {
    }

    /**
     * A check that the order is still at its status and version and that {@code attribute} (an effect
     * attribute of the order item) is there: what an undo needs to undo. On refusal the order comes back
     * with the reason, so {@link #movedOn} can tell a stale request from one with nothing to undo.
     */
    static TransactWriteItem orderStillAtWith(String ordersTable, Order order, String attribute) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(ordersTable)
                .key(OrderItems.orderKey(order.orderId()))
                .conditionExpression("#status = :status AND #version = :version AND attribute_exists(#effect)")
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS, "#version", OrderItems.VERSION, "#effect", attribute))
                .expressionAttributeValues(Map.of(
                        ":status", s(order.status().name()),
                        ":version", AttributeValue.fromN(Long.toString(order.version()))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** Whether the order a refused {@link #orderStillAtWith} check returned is past {@code order}'s status and version. */
    static boolean movedOn(CancellationReason refusal, Order order) {
        Map<String, AttributeValue> stored = refusal.hasItem() ? refusal.item() : Map.of();
        return stored.isEmpty()
                || !order.status().name().equals(OrderItems.str(stored, OrderItems.STATUS))
                || order.version() != Long.parseLong(stored.get(OrderItems.VERSION).n());
    }

    /** A put of an effect record that can exist only once: its sort key names the effect. */
    static Put once(String ordersTable, Map<String, AttributeValue> effect) {
        return Put.builder()
                .tableName(ordersTable)
                .item(effect)
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", Tables.Orders.SORT_KEY))
                .build();
    }

    /**
     * Runs the transaction. Empty when it committed; otherwise why each item was refused, in order. Orders racing
     * for the last units of one product conflict: a few quick, jittered tries ({@link RetryBudget#storage()})
     * settle a passing conflict; one that outlasts them fails the step call, which the orchestrator tries again
     * after a longer wait.
     *
     * @throws StorageContentionException when it kept losing races or being throttled: worth retrying later
     */
    static Optional<List<CancellationReason>> write(DynamoDbClient dynamoDb, List<TransactWriteItem> items) {
        RetryBudget.Storage storage = RetryBudget.DEFAULT.storage();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items));
                return Optional.empty();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.stream().map(CancellationReason::code).noneMatch(CONTENTION::contains)) {
                    return Optional.of(reasons);
                }
                if (attempt == storage.tries()) {
                    throw new StorageContentionException("The write kept losing races or being throttled: "
                            + reasons.stream().map(CancellationReason::code).toList(), e);
                }
                storage.backoff().sleepBeforeRetry(attempt);
            }
        }
    }

    static boolean failed(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && CONDITION_FAILED.equals(reasons.get(index).code());
    }
}
