package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.InventoryRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Catalog;

/**
 * {@link InventoryRepository} on the catalog table. Each operation is one transaction over the order and
 * the stock counters of its lines (see {@link StockBuckets}): item 0 is the order (its move, or for a
 * release the check that it is still where the release was asked), then the effect record where there is
 * one, then one item per line.
 */
public class DynamoInventoryRepository implements InventoryRepository {

    private static final int ORDER = 0;

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;
    private final String catalogTable;
    private final IndexKeys indexKeys;

    public DynamoInventoryRepository(DynamoDbClient dynamoDb, String ordersTable, String catalogTable) {
        this(dynamoDb, ordersTable, catalogTable, IndexKeys.DEFAULT);
    }

    public DynamoInventoryRepository(DynamoDbClient dynamoDb, String ordersTable, String catalogTable, IndexKeys indexKeys) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.catalogTable = catalogTable;
        this.indexKeys = indexKeys;
    }

    /**
     * Each line starts at the bucket its hash picks; a line refused as short moves to its product's next bucket.
     * When every bucket has said no on its own, the line is split over the fullest buckets, as their stock reads
     * just then (again when others take the stock between the read and the write, at most
     * {@link RetryBudget.Storage#splitTries()} times); it is out of stock when all of them together hold too little.
     */
    @Override
    public Reservation reserve(Order order, StatusTransition next) {
        List<OrderLine> lines = order.items();
        Map<String, Integer> buckets = StockBuckets.countsOf(dynamoDb, catalogTable, lines.stream().map(OrderLine::productId).toList());
        List<Map<Integer, Integer>> plan = new ArrayList<>();
        int[] tried = new int[lines.size()];
        int[] splits = new int[lines.size()];
        for (OrderLine line : lines) {
            int count = buckets.get(line.productId());
            plan.add(Map.of(count == 1 ? 0 : StockBuckets.preferred(order.orderId(), line.productId(), count), line.quantity()));
        }
        Arrays.fill(tried, 1);
        while (true) {
            Map<String, AttributeValue> held = new HashMap<>();
            List<TransactWriteItem> items = new ArrayList<>();
            List<Integer> lineOfItem = new ArrayList<>();
            items.add(null); // the order's move, once the held buckets are known
            lineOfItem.add(-1);
            for (int i = 0; i < lines.size(); i++) {
                OrderLine line = lines.get(i);
                int count = buckets.get(line.productId());
                if (count > 1) {
                    held.put(line.productId(), StockBuckets.record(plan.get(i)));
                }
                for (Map.Entry<Integer, Integer> portion : plan.get(i).entrySet()) {
                    items.add(moveUnits(StockBuckets.key(line.productId(), count, portion.getKey()), portion.getValue(), Catalog.STOCK, Catalog.RESERVED));
                    lineOfItem.add(i);
                }
            }
            // The release of what this holds writes one item more (the order check and its record, then the
            // same portions): a reservation that fits but could never be released would strand the stock.
            if (items.size() + 1 > GuardedWrites.MAX_TRANSACTION_ITEMS) {
                // Split so finely that one transaction cannot hold it: the stock is there, but too scattered.
                int mostPortions = 0;
                for (int i = 1; i < lines.size(); i++) {
                    mostPortions = plan.get(i).size() > plan.get(mostPortions).size() ? i : mostPortions;
                }
                return new Reservation(EffectResult.NOT_APPLICABLE, lines.get(mostPortions).productId());
            }
            items.set(ORDER, move(next, EffectItems.reservation(next.at(), held)));
            Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
            if (refused.isEmpty()) {
                return new Reservation(EffectResult.APPLIED, null);
            }
            if (GuardedWrites.failed(refused.get(), ORDER)) {
                return new Reservation(EffectResult.STALE, null);
            }
            Set<Integer> shortLines = new TreeSet<>();
            for (int item = 1; item < items.size(); item++) {
                if (GuardedWrites.failed(refused.get(), item)) {
                    shortLines.add(lineOfItem.get(item));
                }
            }
            if (shortLines.isEmpty()) {
                throw new IllegalStateException("Reservation refused for no known reason: " + refused.get());
            }
            int mostSplits = 0;
            for (int i : shortLines) {
                mostSplits = Math.max(mostSplits, splits[i]);
            }
            if (mostSplits > 0) {
                // A split that read enough stock lost it to other orders: they moved on, so wait a little (once for
                // all the lines of this order) and read again.
                RetryBudget.DEFAULT.storage().backoff().sleepBeforeRetry(mostSplits);
            }
            for (int i : shortLines) {
                String productId = lines.get(i).productId();
                int count = buckets.get(productId);
                if (plan.get(i).size() == 1 && tried[i] < count) {
                    plan.set(i, Map.of((plan.get(i).keySet().iterator().next() + 1) % count, lines.get(i).quantity()));
                    tried[i]++;
                    continue;
                }
                if (count == 1 || splits[i] == RetryBudget.DEFAULT.storage().splitTries()) {
                    return new Reservation(EffectResult.NOT_APPLICABLE, productId);
                }
                splits[i]++;
                Optional<Map<Integer, Integer>> split = StockBuckets.split(lines.get(i).quantity(),
                        StockBuckets.stockByBucket(dynamoDb, catalogTable, productId, count));
                if (split.isEmpty()) {
                    return new Reservation(EffectResult.NOT_APPLICABLE, productId);
                }
                plan.set(i, split.get());
            }
        }
    }

    @Override
    public EffectResult ship(Order order, String trackingNumber, StatusTransition next) {
        Map<String, AttributeValue> held = heldBuckets(order);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(move(next, EffectItems.shipment(trackingNumber, next.at())));
        items.addAll(moveHeld(order, held, Catalog.RESERVED, Catalog.SHIPPED));
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        return GuardedWrites.failed(refused.get(), ORDER) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
    }

    @Override
    public EffectResult release(Order order, Instant at) {
        Map<String, AttributeValue> held = heldBuckets(order);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(GuardedWrites.orderStillAtWith(ordersTable, order, OrderItems.RESERVED_AT));
        items.add(TransactWriteItem.builder().put(GuardedWrites.once(ordersTable, EffectItems.release(order.orderId(), at))).build());
        items.addAll(moveHeld(order, held, Catalog.RESERVED, Catalog.STOCK));
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        List<CancellationReason> reasons = refused.get();
        if (GuardedWrites.failed(reasons, 1)) {
            return EffectResult.ALREADY_APPLIED;
        }
        if (GuardedWrites.failed(reasons, ORDER)) {
            return GuardedWrites.movedOn(reasons.get(ORDER), order) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
        }
        throw new IllegalStateException("Held stock does not match the reservation of order " + order.orderId() + ": " + reasons);
    }

    /**
     * The buckets the order's reservation recorded. A strongly consistent read of the order item: the
     * transaction that follows checks the order's status and version, so an order that moves on in
     * between is refused there.
     */
    private Map<String, AttributeValue> heldBuckets(Order order) {
        return StockBuckets.heldBy(dynamoDb.getItem(r -> r.tableName(ordersTable)
                .key(OrderItems.orderKey(order.orderId()))
                .projectionExpression("#held")
                .expressionAttributeNames(Map.of("#held", OrderItems.HELD_IN))
                .consistentRead(true)).item());
    }

    private TransactWriteItem move(StatusTransition next, Map<String, AttributeValue> effect) {
        return TransactWriteItem.builder().update(OrderMoves.move(ordersTable, next, effect, indexKeys)).build();
    }

    /** Moves every held portion of the order's lines from one counter to another, in the buckets that hold it. */
    private List<TransactWriteItem> moveHeld(Order order, Map<String, AttributeValue> held, String from, String to) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (OrderLine line : order.items()) {
            for (StockBuckets.Portion portion : StockBuckets.held(line, held.get(line.productId()))) {
                items.add(moveUnits(portion.key(), portion.units(), from, to));
            }
        }
        return items;
    }

    /** Moves units from one counter of a stock item to another; never below zero. */
    private TransactWriteItem moveUnits(Map<String, AttributeValue> stockKey, int units, String from, String to) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(catalogTable)
                .key(stockKey)
                .conditionExpression("attribute_exists(#pk) AND #from >= :quantity")
                .updateExpression("SET #from = #from - :quantity, #to = if_not_exists(#to, :zero) + :quantity")
                .expressionAttributeNames(Map.of("#pk", Catalog.PARTITION_KEY, "#from", from, "#to", to))
                .expressionAttributeValues(Map.of(
                        ":quantity", AttributeValue.fromN(Integer.toString(units)),
                        ":zero", AttributeValue.fromN("0")))
                .build()).build();
    }
}
