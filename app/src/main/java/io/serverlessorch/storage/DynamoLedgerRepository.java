package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.OrderItems.s;
import static io.serverlessorch.storage.Tables.Orders;

/** {@link LedgerRepository}: charges, refunds and messages as effect items of the order. */
public class DynamoLedgerRepository implements LedgerRepository {

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;

    public DynamoLedgerRepository(DynamoDbClient dynamoDb, String ordersTable) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
    }

    @Override
    public EffectResult charge(Order order, String reference, Instant at) {
        return putOnce(order, EffectItems.charge(order.orderId(), reference, order.total(), at));
    }

    @Override
    public EffectResult refund(Order order, Instant at) {
        // The refund needs a charge to refund; the refund record itself makes it happen once.
        TransactWriteItem charged = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(ordersTable)
                .key(effectKey(order.orderId(), Orders.CHARGE))
                .conditionExpression("attribute_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY))
                .build()).build();
        Optional<List<String>> cancelled = GuardedWrites.write(dynamoDb, List.of(
                GuardedWrites.orderStillAt(ordersTable, order), charged,
                putIfAbsent(EffectItems.refund(order.orderId(), "refund-" + order.orderId(), order.total(), at))));
        if (cancelled.isEmpty()) {
            return EffectResult.APPLIED;
        }
        List<String> codes = cancelled.get();
        if (GuardedWrites.failed(codes, 2)) {
            return EffectResult.ALREADY_APPLIED;
        }
        if (GuardedWrites.failed(codes, 1)) {
            return EffectResult.NOT_APPLICABLE;
        }
        return EffectResult.STALE;
    }

    @Override
    public EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message) {
        return putOnce(order, EffectItems.message(order.orderId(), message));
    }

    private EffectResult putOnce(Order order, Map<String, AttributeValue> effect) {
        Optional<List<String>> cancelled = GuardedWrites.write(dynamoDb,
                List.of(GuardedWrites.orderStillAt(ordersTable, order), putIfAbsent(effect)));
        if (cancelled.isEmpty()) {
            return EffectResult.APPLIED;
        }
        return GuardedWrites.failed(cancelled.get(), 1) ? EffectResult.ALREADY_APPLIED : EffectResult.STALE;
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(ordersTable)
                .item(item)
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY))
                .build()).build();
    }

    private static Map<String, AttributeValue> effectKey(String orderId, String effect) {
        return Map.of(Orders.PARTITION_KEY, s(orderId), Orders.SORT_KEY, s(effect));
    }
}
