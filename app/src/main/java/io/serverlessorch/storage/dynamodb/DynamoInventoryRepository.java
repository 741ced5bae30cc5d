package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.InventoryRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * Each line starts at the bucket its hash picks; a line refused as short moves to its product's next
     * bucket, until every bucket of that product has said no: then the order is out of stock.
     */
    @Override
    public Reservation reserve(Order order, StatusTransition next) {
        List<OrderLine> lines = order.items();
        Map<String, Integer> buckets = StockBuckets.countsOf(dynamoDb, catalogTable, lines.stream().map(OrderLine::productId).toList());
        int[] bucket = new int[lines.size()];
        int[] tried = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            bucket[i] = StockBuckets.preferred(order.orderId(), lines.get(i).productId(), buckets.get(lines.get(i).productId()));
            tried[i] = 1;
        }
        while (true) {
            Map<String, AttributeValue> held = new HashMap<>();
            List<TransactWriteItem> lineItems = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                OrderLine line = lines.get(i);
                int count = buckets.get(line.productId());
                if (count > 1) {
                    held.put(line.productId(), AttributeValue.fromN(Integer.toString(bucket[i])));
                }
                lineItems.add(moveUnits(StockBuckets.key(line.productId(), count, bucket[i]), line, Catalog.STOCK, Catalog.RESERVED));
            }
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(move(next, EffectItems.reservation(next.at(), held)));
            items.addAll(lineItems);
            Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
            if (refused.isEmpty()) {
                return new Reservation(EffectResult.APPLIED, null);
            }
            if (GuardedWrites.failed(refused.get(), ORDER)) {
                return new Reservation(EffectResult.STALE, null);
            }
            boolean refusedForNoKnownReason = true;
            for (int i = 0; i < lines.size(); i++) {
                if (GuardedWrites.failed(refused.get(), 1 + i)) {
                    refusedForNoKnownReason = false;
                    String productId = lines.get(i).productId();
                    if (tried[i] == buckets.get(productId)) {
                        return new Reservation(EffectResult.NOT_APPLICABLE, productId);
                    }
                    bucket[i] = (bucket[i] + 1) % buckets.get(productId);
                    tried[i]++;
                }
            }
            if (refusedForNoKnownReason) {
                throw new IllegalStateException("Reservation refused for no known reason: " + refused.get());
            }
        }
    }

    @Override
    public EffectResult ship(Order order, String trackingNumber, StatusTransition next) {
        Map<String, Integer> held = heldBuckets(order);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(move(next, EffectItems.shipment(trackingNumber, next.at())));
        order.items().forEach(line -> items.add(moveUnits(StockBuckets.heldKey(line.productId(), held), line, Catalog.RESERVED, Catalog.SHIPPED)));
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        return GuardedWrites.failed(refused.get(), ORDER) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
    }

    @Override
    public EffectResult release(Order order, Instant at) {
        Map<String, Integer> held = heldBuckets(order);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(GuardedWrites.orderStillAtWith(ordersTable, order, OrderItems.RESERVED_AT));
        items.add(TransactWriteItem.builder().put(GuardedWrites.once(ordersTable, EffectItems.release(order.orderId(), at))).build());
        order.items().forEach(line -> items.add(moveUnits(StockBuckets.heldKey(line.productId(), held), line, Catalog.RESERVED, Catalog.STOCK)));
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
    private Map<String, Integer> heldBuckets(Order order) {
        return StockBuckets.heldBy(dynamoDb.getItem(r -> r.tableName(ordersTable)
                .key(OrderItems.orderKey(order.orderId()))
                .projectionExpression("#held")
                .expressionAttributeNames(Map.of("#held", OrderItems.HELD_IN))
                .consistentRead(true)).item());
    }

    private TransactWriteItem move(StatusTransition next, Map<String, AttributeValue> effect) {
        return TransactWriteItem.builder().update(OrderMoves.move(ordersTable, next, effect, indexKeys)).build();
    }

    /** Moves a line's units from one counter of a stock item to another; never below zero. */
    private TransactWriteItem moveUnits(Map<String, AttributeValue> stockKey, OrderLine line, String from, String to) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(catalogTable)
                .key(stockKey)
                .conditionExpression("attribute_exists(#pk) AND #from >= :quantity")
                .updateExpression("SET #from = #from - :quantity, #to = if_not_exists(#to, :zero) + :quantity")
                .expressionAttributeNames(Map.of("#pk", Catalog.PARTITION_KEY, "#from", from, "#to", to))
                .expressionAttributeValues(Map.of(
                        ":quantity", AttributeValue.fromN(Integer.toString(line.quantity())),
                        ":zero", AttributeValue.fromN("0")))
                .build()).build();
    }
}
