package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusChange;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
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
import java.util.TreeMap;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.OrderItems.str;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** {@link OrderRepository} on the orders table. Lists are index Queries, never Scans. */
public class DynamoOrderRepository implements OrderRepository {

    private static final String ALL_SCOPE = "*";
    /**
     * A customer listing's scope is {@code customer/<customer_id>/<status or *>}: no other listing's scope has a
     * {@code /}, and a customer id holds none, so a token works only for the customer and status that got it.
     */
    private static final String CUSTOMER_SCOPE = "customer/";
    /**
     * Index entries read for one page of an in-flight status, which shares its index key with the other
     * in-flight statuses. A page may then hold fewer than {@code limit} orders and still have a next page.
     */
    static final int ACTIVE_ENTRIES_PER_PAGE = 200;
    /**
     * BatchWriteItem takes at most 25 items; what it leaves unprocessed (throttled) is retried as the storage
     * budget allows ({@link RetryBudget#storage()}). A stream batch's history fits one (its size is at most this),
     * which the processor's time budget counts on.
     */
    static final int BATCH_WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration orderRetention;
    private final Duration historyRetention;
    private final IndexKeys indexKeys;
    private final ShardedIndex statusIndex;
    private final ShardedIndex creationIndex;
    /** One key per customer, unsharded: a page is one Query of that key. */
    private final ShardedIndex customerIndex;

    /**
     * @param orderRetention   how long an order is kept after it was placed; {@link Duration#ZERO} keeps it for ever
     * @param historyRetention how long a status transition record is kept; DynamoDB's TTL deletes it after that
     */
    public DynamoOrderRepository(DynamoDbClient dynamoDb, String tableName, Duration orderRetention, Duration historyRetention) {
        this(dynamoDb, tableName, orderRetention, historyRetention, IndexKeys.DEFAULT);
    }

    /** @param indexKeys how the index keys are sharded */
    public DynamoOrderRepository(DynamoDbClient dynamoDb, String tableName, Duration orderRetention, Duration historyRetention,
                                 IndexKeys indexKeys) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.orderRetention = orderRetention;
        this.historyRetention = historyRetention;
        this.indexKeys = indexKeys;
        this.statusIndex = new ShardedIndex(dynamoDb, tableName, Orders.STATUS_INDEX, Orders.STATUS_INDEX_PARTITION_KEY);
        this.creationIndex = new ShardedIndex(dynamoDb, tableName, Orders.CREATION_INDEX, Orders.CREATION_INDEX_PARTITION_KEY);
        this.customerIndex = new ShardedIndex(dynamoDb, tableName, Orders.CUSTOMER_INDEX, Orders.CUSTOMER_ID);
    }

    @Override
    public CreateOutcome create(Order order, String requestFingerprint) {
        Long expiresAt = orderRetention.isZero() ? null : order.createdAt().plus(orderRetention).getEpochSecond();
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(OrderItems.toItem(order, requestFingerprint, expiresAt, indexKeys))
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

    /**
     * The order's items, page after page: all of them, or those whose sort key starts with {@code sortKeyPrefix}
     * (DynamoDB takes no empty key value, so "all" is a condition of its own).
     */
    private List<Map<String, AttributeValue>> itemsOf(String orderId, Optional<String> sortKeyPrefix, boolean consistent) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", Orders.PARTITION_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":id", s(orderId)));
        sortKeyPrefix.ifPresent(prefix -> {
            names.put("#sk", Orders.SORT_KEY);
            values.put(":prefix", s(prefix));
        });
        String condition = sortKeyPrefix.isPresent() ? "#pk = :id AND begins_with(#sk, :prefix)" : "#pk = :id";
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamoDb.query(r -> r.tableName(tableName)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(consistent)
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    private Map<String, AttributeValue> readOrderItem(String orderId) {
        return dynamoDb.getItem(r -> r.tableName(tableName).key(OrderItems.orderKey(orderId)).consistentRead(true)).item();
    }

    @Override
    public Optional<Order> findPlacedBy(String orderId, String requestFingerprint) {
        Map<String, AttributeValue> item = readOrderItem(orderId);
        return item == null || item.isEmpty() || !Objects.equals(requestFingerprint, OrderItems.fingerprint(item))
                ? Optional.empty() : Optional.of(OrderItems.toOrder(item));
    }

    @Override
    public Optional<Order> findCarriedOn(String orderId) {
        Map<String, AttributeValue> item = readOrderItem(orderId);
        return item == null || item.isEmpty() || !OrderItems.carriedOn(item) ? Optional.empty() : Optional.of(OrderItems.toOrder(item));
    }

    @Override
    public Optional<OrderHistory> findWithHistory(String orderId) {
        // Effects sort first, then the order, then its transitions by sequence.
        List<Map<String, AttributeValue>> items = itemsOf(orderId, Optional.empty(), true);

        Optional<Map<String, AttributeValue>> orderItem = items.stream().filter(OrderItems::isOrder).findFirst();
        if (orderItem.isEmpty()) {
            return Optional.empty();
        }
        Order order = OrderItems.toOrder(orderItem.get());
        // By version: records of one batch delivered again in other parts may hold a status twice.
        Map<Long, StatusChange> recorded = new TreeMap<>();
        items.stream().filter(OrderItems::isTransition).forEach(record -> recorded.putAll(OrderItems.statusChanges(record)));
        // The stream processor records a status in the history when it picks the order up; until then the
        // order item itself says what the latest status is, since when and why.
        if (order.version() > 0) {
            recorded.putIfAbsent(order.version(), new StatusChange(order.status(), order.updatedAt(), order.statusReason()));
        }
        List<StatusChange> history = new ArrayList<>();
        history.add(new StatusChange(OrderStatus.PENDING, order.createdAt(), "order received"));
        history.addAll(recorded.values());
        return Optional.of(new OrderHistory(order, history, EffectItems.effectsOf(orderItem.get(), items)));
    }

    @Override
    public OrderPage list(Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        String scope = status.map(Enum::name).orElse(ALL_SCOPE);
        Optional<ShardedIndex.Entry> position = positionOf(pageToken, scope);
        ShardedIndex index = status.isPresent() ? statusIndex : creationIndex;
        List<String> shards = status.map(indexKeys::statusShards).orElseGet(indexKeys::listingShards);
        // In-flight statuses share one index key: read further into it and keep the orders of this status.
        int scan = status.isPresent() && !status.get().isTerminal() ? Math.max(limit, ACTIVE_ENTRIES_PER_PAGE) : limit;

        // One more than is read tells whether anything follows, so the last page carries no token.
        List<ShardedIndex.Entry> entries = index.newest(shards, scan + 1, position);
        return page(scope, entries, scan, limit, status);
    }

    /**
     * One customer's orders: one Query of the customer index, then the orders read by key. With a status, the
     * page's orders not in it are left out (the index holds no status: a status changes several times an order, and
     * each change would write the index), so such a page may hold fewer than {@code limit}, even none.
     */
    @Override
    public OrderPage listOfCustomer(String customerId, Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        String scope = CUSTOMER_SCOPE + customerId + "/" + status.map(Enum::name).orElse(ALL_SCOPE);
        List<ShardedIndex.Entry> entries = customerIndex.newest(List.of(customerId), limit + 1, positionOf(pageToken, scope));
        return page(scope, entries, limit, limit, status);
    }

    private static Optional<ShardedIndex.Entry> positionOf(Optional<String> pageToken, String scope) {
        return pageToken
                .map(token -> PageToken.decode(token, scope))
                .map(token -> new ShardedIndex.Entry(token.createdAt(), token.orderId()));
    }

    /**
     * A page of the orders behind the first {@code scan} of {@code entries} (one more says a next page exists), those
     * in {@code status} when one is given, at most {@code limit}.
     */
    private OrderPage page(String scope, List<ShardedIndex.Entry> entries, int scan, int limit, Optional<OrderStatus> status) {
        List<ShardedIndex.Entry> scanned = entries.subList(0, Math.min(scan, entries.size()));
        boolean more = entries.size() > scan;
        List<String> unreadable = new ArrayList<>();
        Map<String, Order> byId = readOrders(scanned, unreadable);
        List<Order> page = new ArrayList<>();
        ShardedIndex.Entry last = null;
        for (ShardedIndex.Entry entry : scanned) {
            if (page.size() == limit) {
                more = true;
                break;
            }
            last = entry;
            // The index is eventually consistent: an order may have moved on since; a status list shows it no longer.
            Order order = byId.get(entry.orderId());
            if (order != null && (status.isEmpty() || order.status() == status.get())) {
                page.add(order);
            }
        }
        Optional<String> nextToken = more && last != null
                ? Optional.of(new PageToken(scope, last.createdAt(), last.orderId()).encode())
                : Optional.empty();
        return new OrderPage(page, nextToken, unreadable);
    }

    /** The orders behind index entries, by id; the ids of items that cannot be read go to {@code unreadable}. */
    private Map<String, Order> readOrders(List<ShardedIndex.Entry> entries, List<String> unreadable) {
        List<Map<String, AttributeValue>> keys = entries.stream().map(entry -> OrderItems.orderKey(entry.orderId())).toList();
        Map<String, Order> byId = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGets.getAll(dynamoDb, tableName, keys, false)) {
            try {
                Order order = OrderItems.toOrder(item);
                byId.put(order.orderId(), order);
            } catch (RuntimeException damaged) {
                AttributeValue orderId = item.get(Orders.PARTITION_KEY);
                unreadable.add(orderId == null ? "(no order id)" : String.valueOf(orderId.s()));
            }
        }
        return byId;
    }

    @Override
    public boolean applyTransition(StatusTransition transition) {
        try {
            dynamoDb.updateItem(OrderMoves.asRequest(OrderMoves.move(tableName, transition, Map.of(), indexKeys)));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    @Override
    public SignalOutcome applySignal(String orderId, Set<OrderStatus> from, OrderStatus to, String reason, Instant at) {
        UpdateItemRequest move = OrderMoves.asRequest(OrderMoves.signal(tableName, orderId, from, to, reason, at, indexKeys)).toBuilder()
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            Map<String, AttributeValue> moved = dynamoDb.updateItem(move).attributes();
            return new SignalOutcome(Optional.of(OrderItems.toOrder(moved)), true);
        } catch (ConditionalCheckFailedException notThere) {
            Map<String, AttributeValue> found = notThere.hasItem() ? notThere.item() : Map.of();
            return new SignalOutcome(found.isEmpty() ? Optional.empty() : Optional.of(OrderItems.toOrder(found)), false);
        }
    }

    @Override
    public List<Overdue> overdue(OrderStatus status, Instant now, int limit) {
        List<Overdue> overdue = new ArrayList<>();
        for (String shard : IndexKeys.deadlineShards(status)) {
            deadlineEntries(shard, Optional.of(now), limit - overdue.size(), false).forEach(page -> page.items()
                    .forEach(entry -> overdue.add(new Overdue(str(entry, Orders.PARTITION_KEY), Timestamps.parse(str(entry, Orders.DEADLINE_AT))))));
            if (overdue.size() >= limit) {
                break;
            }
        }
        return overdue;
    }

    @Override
    public long countWaiting(OrderStatus status) {
        long waiting = 0;
        for (String shard : IndexKeys.deadlineShards(status)) {
            waiting += deadlineEntries(shard, Optional.empty(), Integer.MAX_VALUE, true).stream().mapToLong(QueryResponse::count).sum();
        }
        return waiting;
    }

    /**
     * The pages of one shard of the deadline index: its entries due by {@code dueBy} (all of them when empty), at
     * most {@code limit}; counted only, or the entries' keys.
     */
    private List<QueryResponse> deadlineEntries(String shard, Optional<Instant> dueBy, int limit, boolean countOnly) {
        Map<String, String> names = new HashMap<>(Map.of("#shard", Orders.DEADLINE_INDEX_PARTITION_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":shard", s(shard)));
        dueBy.ifPresent(due -> {
            names.put("#deadline", Orders.DEADLINE_AT);
            values.put(":due", s(Timestamps.format(due)));
        });
        String condition = dueBy.isPresent() ? "#shard = :shard AND #deadline <= :due" : "#shard = :shard";
        List<QueryResponse> pages = new ArrayList<>();
        int read = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            int left = limit - read;
            QueryResponse page = dynamoDb.query(r -> r.tableName(tableName)
                    .indexName(Orders.DEADLINE_INDEX)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .select(countOnly ? Select.COUNT : Select.ALL_PROJECTED_ATTRIBUTES)
                    .limit(countOnly ? null : left)
                    .exclusiveStartKey(from));
            pages.add(page);
            read += page.count();
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && read < limit);
        return pages;
    }

    @Override
    public void recordHistory(Collection<Order> orders) {
        // One record per order of the batch, holding every status it entered here: a chain of moves comes
        // in one batch, and writes one record rather than one per status. The creation is not one of them,
        // nor is an end status: the order item itself keeps it for as long as the order is kept, since no
        // order leaves its end (findWithHistory shows it from there), so a record would only repeat it.
        Map<String, TreeMap<Long, Order>> enteredByOrder = new LinkedHashMap<>();
        for (Order order : orders) {
            if (keptInHistoryRecords(order)) {
                enteredByOrder.computeIfAbsent(order.orderId(), id -> new TreeMap<>()).put(order.version(), order);
            }
        }
        Map<String, WriteRequest> records = new LinkedHashMap<>();
        enteredByOrder.forEach((orderId, entered) -> {
            List<Order> statuses = List.copyOf(entered.values());
            long expiresAt = statuses.get(statuses.size() - 1).updatedAt().plus(historyRetention).getEpochSecond();
            records.put(orderId, WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(OrderItems.historyItem(statuses, expiresAt)).build()).build());
        });
        RetryBudget.Storage storage = RetryBudget.DEFAULT.storage();
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
                if (attempt == storage.tries()) {
                    throw new StorageContentionException("History records kept being throttled: " + pending.size() + " left", null);
                }
                storage.backoff().sleepBeforeRetry(attempt);
            }
        }
    }

    /**
     * Whether the status the order is in goes into a history record: not the creation, nor an end status, which the
     * order item itself keeps for as long as the order is kept (findWithHistory shows it from there).
     */
    private static boolean keptInHistoryRecords(Order order) {
        return order.version() > 0 && !order.status().isTerminal();
    }

    @Override
    public List<Order> notYetInHistory(Collection<Order> entered) {
        Map<String, List<Order>> byOrder = new LinkedHashMap<>();
        for (Order order : entered) {
            if (keptInHistoryRecords(order)) {
                byOrder.computeIfAbsent(order.orderId(), id -> new ArrayList<>()).add(order);
            }
        }
        List<Order> unrecorded = new ArrayList<>();
        byOrder.forEach((orderId, statuses) -> {
            Set<Long> recorded = new HashSet<>();
            itemsOf(orderId, Optional.of(Orders.TRANSITION_ITEM_PREFIX), false)
                    .forEach(record -> recorded.addAll(OrderItems.statusChanges(record).keySet()));
            statuses.stream().filter(order -> !recorded.contains(order.version())).forEach(unrecorded::add);
        });
        return unrecorded;
    }

    @Override
    public void checkReachable() {
        // A read of a key that never exists: cheap, and proves the table answers with our permissions.
        dynamoDb.getItem(r -> r.tableName(tableName).key(OrderItems.orderKey("health-check")));
    }
}
