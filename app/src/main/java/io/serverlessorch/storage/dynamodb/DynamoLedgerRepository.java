package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;

/**
 * {@link LedgerRepository}: a pending payment, the charge and a fulfilled order's confirmation on the order item
 * with their moves; voids, refunds and the other messages as effect items.
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
    public EffectResult awaitConfirmation(Order order, OrderEffects.PendingPayment pending, StatusTransition next) {
        Map<String, AttributeValue> effects = new HashMap<>(EffectItems.pendingPayment(pending));
        effects.putAll(OrderMoves.enterDeadlineIndex(order.orderId(), next.to(), pending.deadline()));
        try {
            dynamoDb.updateItem(OrderMoves.asRequest(OrderMoves.move(ordersTable, next, effects, indexKeys)));
            return EffectResult.APPLIED;
        } catch (ConditionalCheckFailedException movedOn) {
            return EffectResult.STALE;
        }
    }

    @Override
    public EffectResult voidAuthorization(Order order, Instant at) {
        return undoOnce(order, OrderItems.PENDING_PAYMENT, EffectItems.voided(order.orderId(), at));
    }

    @Override
    public EffectResult chargeAndRefund(Order order, String reference, Instant at) {
        Update charge = Update.builder()
                .tableName(ordersTable)
                .key(OrderItems.orderKey(order.orderId()))
                .conditionExpression("#status = :status AND #version = :version AND attribute_exists(#pending) AND attribute_not_exists(#charge)")
                .updateExpression("SET #charge = :charge")
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS, "#version", OrderItems.VERSION,
                        "#pending", OrderItems.PENDING_PAYMENT, "#charge", OrderItems.CHARGE))
                .expressionAttributeValues(Map.of(
                        ":status", s(order.status().name()),
                        ":version", AttributeValue.fromN(Long.toString(order.version())),
                        ":charge", EffectItems.charge(reference, order.total(), at).get(OrderItems.CHARGE)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, List.of(
                TransactWriteItem.builder().update(charge).build(),
                TransactWriteItem.builder().put(GuardedWrites.once(ordersTable,
                        EffectItems.refund(order.orderId(), "refund-" + order.orderId(), order.total(), at))).build()));
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        List<CancellationReason> reasons = refused.get();
        if (GuardedWrites.failed(reasons, 1)) {
            return EffectResult.ALREADY_APPLIED;
        }
        Map<String, AttributeValue> stored = reasons.get(0).hasItem() ? reasons.get(0).item() : Map.of();
        if (stored.containsKey(OrderItems.CHARGE)) {
            return EffectResult.ALREADY_APPLIED;
        }
        return GuardedWrites.movedOn(reasons.get(0), order) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
    }

    @Override
    public EffectResult refund(Order order, Instant at) {
        // Only a charged order is refunded; the refund record makes it happen once.
        return undoOnce(order, OrderItems.CHARGE, EffectItems.refund(order.orderId(), "refund-" + order.orderId(), order.total(), at));
    }

    /**
     * Writes the record of an undo, once, if the order is still where {@code order} says and holds {@code held} (the
     * effect undone): {@link EffectResult#ALREADY_APPLIED} when the record exists, {@link EffectResult#STALE} when
     * the order moved on, {@link EffectResult#NOT_APPLICABLE} when it holds nothing to undo.
     */
    private EffectResult undoOnce(Order order, String held, Map<String, AttributeValue> record) {
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, List.of(
                GuardedWrites.orderStillAtWith(ordersTable, order, held),
                TransactWriteItem.builder().put(GuardedWrites.once(ordersTable, record)).build()));
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
