package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.OrderItems.s;
import static io.serverlessorch.storage.Tables.Catalog;
import static io.serverlessorch.storage.Tables.Orders;

/**
 * {@link InventoryRepository} on the catalog table, with the reservation recorded as an effect of the order.
 * Item 0 of each transaction guards the order, item 1 is the effect record, the rest are the product lines.
 */
public class DynamoInventoryRepository implements InventoryRepository {

    private static final int GUARD = 0;
    private static final int EFFECT = 1;
    private static final int FIRST_LINE = 2;

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;
    private final String catalogTable;

    public DynamoInventoryRepository(DynamoDbClient dynamoDb, String ordersTable, String catalogTable) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.catalogTable = catalogTable;
    }

    @Override
    public Reservation reserve(Order order, Instant at) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(GuardedWrites.orderStillAt(ordersTable, order));
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(ordersTable)
                .item(EffectItems.reservation(order.orderId(), at))
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY))
                .build()).build());
        for (OrderLine line : order.items()) {
            items.add(moveUnits(line, Catalog.STOCK, Catalog.RESERVED));
        }
        Optional<List<String>> cancelled = GuardedWrites.write(dynamoDb, items);
        if (cancelled.isEmpty()) {
            return new Reservation(EffectResult.APPLIED, null);
        }
        List<String> codes = cancelled.get();
        if (GuardedWrites.failed(codes, EFFECT)) {
            return new Reservation(EffectResult.ALREADY_APPLIED, null);
        }
        if (GuardedWrites.failed(codes, GUARD)) {
            return new Reservation(EffectResult.STALE, null);
        }
        for (int i = 0; i < order.items().size(); i++) {
            if (GuardedWrites.failed(codes, FIRST_LINE + i)) {
                return new Reservation(EffectResult.NOT_APPLICABLE, order.items().get(i).productId());
            }
        }
        throw new IllegalStateException("Reservation cancelled for no known reason: " + codes);
    }

    @Override
    public EffectResult release(Order order, Instant at) {
        return settle(order, at, "released_at", Catalog.STOCK, List.of());
    }

    @Override
    public EffectResult ship(Order order, String trackingNumber, Instant at) {
        TransactWriteItem shipment = TransactWriteItem.builder().put(Put.builder()
                .tableName(ordersTable)
                .item(EffectItems.shipment(order.orderId(), trackingNumber, at))
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY))
                .build()).build();
        return settle(order, at, "shipped_at", Catalog.SHIPPED, List.of(shipment));
    }

    /**
     * Ends a reservation, once: its units go from {@code reserved} to {@code destination}, and the
     * reservation is stamped with {@code stampAttribute}. A reservation that was never made, or already
     * ended, is {@link EffectResult#NOT_APPLICABLE} (release) or {@link EffectResult#ALREADY_APPLIED}
     * (ship, when the shipment exists).
     */
    private EffectResult settle(Order order, Instant at, String stampAttribute, String destination, List<TransactWriteItem> extra) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(GuardedWrites.orderStillAt(ordersTable, order));
        items.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(ordersTable)
                .key(Map.of(Orders.PARTITION_KEY, s(order.orderId()), Orders.SORT_KEY, s(Orders.RESERVATION)))
                .conditionExpression("attribute_exists(#sk) AND attribute_not_exists(released_at) AND attribute_not_exists(shipped_at)")
                .updateExpression("SET #stamp = :at")
                .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY, "#stamp", stampAttribute))
                .expressionAttributeValues(Map.of(":at", s(Timestamps.format(at))))
                .build()).build());
        for (OrderLine line : order.items()) {
            items.add(moveUnits(line, Catalog.RESERVED, destination));
        }
        items.addAll(extra);
        Optional<List<String>> cancelled = GuardedWrites.write(dynamoDb, items);
        if (cancelled.isEmpty()) {
            return EffectResult.APPLIED;
        }
        List<String> codes = cancelled.get();
        if (!extra.isEmpty() && GuardedWrites.failed(codes, items.size() - 1)) {
            return EffectResult.ALREADY_APPLIED;
        }
        if (GuardedWrites.failed(codes, EFFECT)) {
            return EffectResult.NOT_APPLICABLE;
        }
        if (GuardedWrites.failed(codes, GUARD)) {
            return EffectResult.STALE;
        }
        throw new IllegalStateException("Held stock does not match the reservation of order " + order.orderId() + ": " + codes);
    }

    /** Moves a line's units from one counter of its product to another; never below zero. */
    private TransactWriteItem moveUnits(OrderLine line, String from, String to) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(catalogTable)
                .key(Map.of(Catalog.PARTITION_KEY, s(line.productId())))
                .conditionExpression("attribute_exists(#pk) AND #from >= :quantity")
                .updateExpression("SET #from = #from - :quantity, #to = if_not_exists(#to, :zero) + :quantity")
                .expressionAttributeNames(Map.of("#pk", Catalog.PARTITION_KEY, "#from", from, "#to", to))
                .expressionAttributeValues(Map.of(
                        ":quantity", AttributeValue.fromN(Integer.toString(line.quantity())),
                        ":zero", AttributeValue.fromN("0")))
                .build()).build();
    }
}
