package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link LedgerRepository}: the charge and a fulfilled order's confirmation on the order item with their
 * moves; refunds and the other messages as effect items.
 */
public class DynamoLedgerRepository implements LedgerRepository {

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;
    private final IndexKeys indexKeys;

    public DynamoLedgerRepository(DynamoDbClient dynamoDb, String ordersTable) {
        this(dynamoDb, ordersTable, IndexKeys.DEFAULT);
    }

    public DynamoLedgerRepository(DynamoDbClient dynamoDb, String ordersTable, IndexKeys indexKeys) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.indexKeys = indexKeys;
    }

    @Override
    public EffectResult charge(Order order, String reference, StatusTransition next) {
        try {
            dynamoDb.updateItem(OrderMoves.asRequest(OrderMoves.move(ordersTable, next,
                    EffectItems.charge(reference, order.total(), next.at()), indexKeys)));
            return EffectResult.APPLIED;
        } catch (ConditionalCheckFailedException movedOn) {
            return EffectResult.STALE;
        }
    }

    @Override
    public EffectResult refund(Order order, Instant at) {
        // Only a charged order is refunded; the refund record makes it happen once.
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, List.of(
                GuardedWrites.orderStillAtWith(ordersTable, order, OrderItems.CHARGE),
                TransactWriteItem.builder().put(GuardedWrites.once(ordersTable, EffectItems.refund(order.orderId(), "refund-" + order.orderId(), order.total(), at))).build()));
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        List<CancellationReason> reasons = refused.get();
        if (GuardedWrites.failed(reasons, 1)) {
            return EffectResult.ALREADY_APPLIED;
        }
        return GuardedWrites.movedOn(reasons.get(0), order) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
    }

    @Override
    public EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message, StatusTransition next) {
        try {
            dynamoDb.updateItem(OrderMoves.asRequest(OrderMoves.move(ordersTable, next, EffectItems.confirmation(message), indexKeys)));
            return EffectResult.APPLIED;
        } catch (ConditionalCheckFailedException movedOn) {
            return EffectResult.STALE;
        }
    }

    /**
     * A plain write, not guarded by the order's version: these messages are sent only from the terminal
     * statuses, which no order ever leaves, so a late record cannot tell the customer something untrue. The
     * sort key makes it once.
     */
    @Override
    public EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message) {
        Put put = GuardedWrites.once(ordersTable, EffectItems.message(order.orderId(), message));
        try {
            dynamoDb.putItem(r -> r.tableName(put.tableName()).item(put.item())
                    .conditionExpression(put.conditionExpression()).expressionAttributeNames(put.expressionAttributeNames()));
            return EffectResult.APPLIED;
        } catch (ConditionalCheckFailedException alreadySent) {
            return EffectResult.ALREADY_APPLIED;
        }
    }
}
