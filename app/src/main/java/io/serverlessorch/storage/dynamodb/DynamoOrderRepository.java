package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusChange;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** {@link OrderRepository} on the orders table. Lists are index Queries, never Scans. */
public class DynamoOrderRepository implements OrderRepository {

    private static final String ALL_SCOPE = "*";
    /** BatchWriteItem takes at most 25 items; what it leaves unprocessed (throttled) is retried a few times. */
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int BATCH_WRITE_ATTEMPTS = 6;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration orderRetention;
    private final Duration historyRetention;

    /**
     * @param orderRetention   how long an order is kept after it was placed; {@link Duration#ZERO} keeps it for ever
     * @param historyRetention how long a status transition record is kept; DynamoDB's TTL deletes it after that
     */
    public DynamoOrderRepository(DynamoDbClient dynamoDb, String tableName, Duration orderRetention, Duration historyRetention) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.orderRetention = orderRetention;
        this.historyRetention = historyRetention;
    }

    @Override
    public CreateOutcome create(Order order, String requestFingerprint) {
        Long expiresAt = orderRetention.isZero() ? null : order.createdAt().plus(orderRetention).getEpochSecond();
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(OrderItems.toItem(order, requestFingerprint, expiresAt))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Orders.PARTITION_KEY))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new CreateOutcome(order, true, true);
        } catch (ConditionalCheckFailedException exists) {
            Map<String, AttributeValue> stored = exists.hasItem() ? exists.item() : readOrderItem(order.orderId());
            return new CreateOutcome(OrderItems.toOrder(stored), false,
                    Objects.equals(requestFingerprint, OrderItems.fingerprint(stored)));
        }
    }

    private Map<String, AttributeValue> readOrderItem(String orderId) {
        return dynamoDb.getItem(r -> r.tableName(tableName).key(OrderItems.orderKey(orderId)).consistentRead(true)).item();
    }

    @Override
    public Optional<OrderHistory> findWithHistory(String orderId) {
        // Effects sort first, then the order, then its transitions by sequence.
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamoDb.query(r -> r.tableName(tableName)
                    .keyConditionExpression("#pk = :id")
                    .expressionAttributeNames(Map.of("#pk", Orders.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":id", s(orderId)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);

        Optional<Map<String, AttributeValue>> orderItem = items.stream().filter(OrderItems::isOrder).findFirst();
        if (orderItem.isEmpty()) {
            return Optional.empty();
        }
        Order order = OrderItems.toOrder(orderItem.get());
        List<StatusChange> history = new ArrayList<>();
        history.add(new StatusChange(OrderStatus.PENDING, order.createdAt(), "order received"));
        Set<String> recorded = new HashSet<>();
        items.stream().filter(OrderItems::isTransition).forEach(transition -> {
            recorded.add(OrderItems.str(transition, Orders.SORT_KEY));
            history.add(OrderItems.toStatusChange(transition));
        });
        // The stream processor records a status in the history when it picks the order up; until then the
        // order item itself says what the latest status is, since when and why.
        if (order.version() > 0 && !recorded.contains(OrderItems.transitionSortKey(order.version()))) {
            history.add(new StatusChange(order.status(), order.updatedAt(), order.statusReason()));
        }
        return Optional.of(new OrderHistory(order, history, EffectItems.effectsOf(orderItem.get(), items)));
    }

    @Override
    public OrderPage list(Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        String scope = status.map(Enum::name).orElse(ALL_SCOPE);
        String indexName = status.isPresent() ? Orders.STATUS_INDEX : Orders.CREATION_INDEX;
        String partitionAttribute = status.isPresent() ? Orders.STATUS_INDEX_PARTITION_KEY : Orders.CREATION_INDEX_PARTITION_KEY;
        String partitionValue = status.map(Enum::name).orElse(Orders.ALL_ORDERS);
        Map<String, AttributeValue> startKey = pageToken
                .map(token -> PageToken.decode(token, scope))
                .map(token -> indexKey(partitionAttribute, partitionValue, token))
                .orElse(null);

        // One more than asked for tells whether a next page exists, so the last page carries no token.
        QueryResponse keys = dynamoDb.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(indexName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", partitionAttribute))
                .expressionAttributeValues(Map.of(":pk", s(partitionValue)))
                .scanIndexForward(false)
                .limit(limit + 1)
                .exclusiveStartKey(startKey)
                .build());
        List<Map<String, AttributeValue>> pageKeys = keys.items().subList(0, Math.min(limit, keys.count()));
        Optional<String> nextToken = keys.count() > limit
                ? Optional.of(tokenAfter(scope, pageKeys.get(pageKeys.size() - 1)))
                : Optional.empty();

        // The index is eventually consistent: an order may have moved on since; a status list shows it no longer.
        List<Order> orders = readOrders(pageKeys).stream()
                .filter(order -> status.isEmpty() || order.status() == status.get())
                .toList();
        return new OrderPage(orders, nextToken);
    }

    private static Map<String, AttributeValue> indexKey(String partitionAttribute, String partitionValue, PageToken token) {
        Map<String, AttributeValue> key = new HashMap<>(OrderItems.orderKey(token.orderId()));
        key.put(partitionAttribute, s(partitionValue));
        key.put(Orders.CREATED_AT, s(token.createdAt()));
        return key;
    }

    private static String tokenAfter(String scope, Map<String, AttributeValue> lastKey) {
        return new PageToken(scope, OrderItems.str(lastKey, Orders.CREATED_AT),
                OrderItems.str(lastKey, Orders.PARTITION_KEY)).encode();
    }

    /** The orders behind index keys, in the keys' order. */
    private List<Order> readOrders(List<Map<String, AttributeValue>> indexKeys) {
        List<Map<String, AttributeValue>> keys = indexKeys.stream()
                .map(key -> OrderItems.orderKey(OrderItems.str(key, Orders.PARTITION_KEY)))
                .toList();
        Map<String, Order> byId = new HashMap<>();
        BatchGets.getAll(dynamoDb, tableName, keys, false).stream()
                .map(OrderItems::toOrder)
                .forEach(order -> byId.put(order.orderId(), order));
        return indexKeys.stream()
                .map(key -> byId.get(OrderItems.str(key, Orders.PARTITION_KEY)))
                .filter(Objects::nonNull)
                .toList();
    }

    @Override
    public boolean applyTransition(StatusTransition transition) {
        try {
            dynamoDb.updateItem(OrderMoves.asRequest(OrderMoves.move(tableName, transition, Map.of())));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    @Override
    public void recordHistory(Collection<Order> orders) {
        // One record per order and version (a batch may hold a record twice); the creation is not one of them.
        Map<String, WriteRequest> records = new LinkedHashMap<>();
        for (Order order : orders) {
            if (order.version() > 0) {
                records.put(order.orderId() + "/" + order.version(), WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(OrderItems.transitionItem(order, order.updatedAt().plus(historyRetention).getEpochSecond()))
                        .build()).build());
            }
        }
        List<WriteRequest> pending = new ArrayList<>(records.values());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<WriteRequest> unprocessed = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += BATCH_WRITE_LIMIT) {
                List<WriteRequest> chunk = pending.subList(from, Math.min(pending.size(), from + BATCH_WRITE_LIMIT));
                unprocessed.addAll(dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(tableName, chunk)))
                        .unprocessedItems().getOrDefault(tableName, List.of()));
            }
            pending = unprocessed;
            if (!pending.isEmpty()) {
                if (attempt == BATCH_WRITE_ATTEMPTS) {
                    throw new StorageContentionException("History records kept being throttled: " + pending.size() + " left", null);
                }
                GuardedWrites.RETRY_BACKOFF.sleepBeforeRetry(attempt);
            }
        }
    }

    @Override
    public void checkReachable() {
        // A read of a key that never exists: cheap, and proves the table answers with our permissions.
        dynamoDb.getItem(r -> r.tableName(tableName).key(OrderItems.orderKey("health-check")));
    }
}
