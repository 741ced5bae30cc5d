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
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Catalog;

/**
 * {@link InventoryRepository} on the catalog table. Each operation is one transaction over the order and
 * the products of its lines: item 0 is the order (its move, or for a release the check that it is still
 * where the release was asked), then the effect record where there is one, then one item per line.
 */
public class DynamoInventoryRepository implements InventoryRepository {

    private static final int ORDER = 0;

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;
    private final String catalogTable;

    public DynamoInventoryRepository(DynamoDbClient dynamoDb, String ordersTable, String catalogTable) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.catalogTable = catalogTable;
    }

    @Override
    public Reservation reserve(Order order, StatusTransition next) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(move(next, EffectItems.reservation(next.at())));
        order.items().forEach(line -> items.add(moveUnits(line, Catalog.STOCK, Catalog.RESERVED)));
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
        if (refused.isEmpty()) {
            return new Reservation(EffectResult.APPLIED, null);
        }
        if (GuardedWrites.failed(refused.get(), ORDER)) {
            return new Reservation(EffectResult.STALE, null);
        }
        return new Reservation(EffectResult.NOT_APPLICABLE, shortLine(order, refused.get(), 1)
                .orElseThrow(() -> new IllegalStateException("Reservation refused for no known reason: " + refused.get())));
    }

    @Override
    public EffectResult ship(Order order, String trackingNumber, StatusTransition next) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(move(next, EffectItems.shipment(trackingNumber, next.at())));
        order.items().forEach(line -> items.add(moveUnits(line, Catalog.RESERVED, Catalog.SHIPPED)));
        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, items);
        if (refused.isEmpty()) {
            return EffectResult.APPLIED;
        }
        return GuardedWrites.failed(refused.get(), ORDER) ? EffectResult.STALE : EffectResult.NOT_APPLICABLE;
    }

    @Override
    public EffectResult release(Order order, Instant at) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(GuardedWrites.orderStillAtWith(ordersTable, order, OrderItems.RESERVED_AT));
        items.add(TransactWriteItem.builder().put(GuardedWrites.once(ordersTable, EffectItems.release(order.orderId(), at))).build());
        order.items().forEach(line -> items.add(moveUnits(line, Catalog.RESERVED, Catalog.STOCK)));
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

    private TransactWriteItem move(StatusTransition next, Map<String, AttributeValue> effect) {
        return TransactWriteItem.builder().update(OrderMoves.move(ordersTable, next, effect)).build();
    }

    private static Optional<String> shortLine(Order order, List<CancellationReason> reasons, int firstLine) {
        for (int i = 0; i < order.items().size(); i++) {
            if (GuardedWrites.failed(reasons, firstLine + i)) {
                return Optional.of(order.items().get(i).productId());
            }
        }
        return Optional.empty();
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
