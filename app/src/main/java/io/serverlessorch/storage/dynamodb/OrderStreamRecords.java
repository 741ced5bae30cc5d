package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** Reads the orders table's stream records: which order each is about, and which are status changes. */
public final class OrderStreamRecords {

    private OrderStreamRecords() {
    }

    /**
     * The order as it now is, when the record is a status change of an order: its creation (INSERT) or a
     * MODIFY whose status differs from before. Empty for everything else: transition and effect records,
     * updates that leave the status alone, and deletions (TTL expiry).
     *
     * @throws RuntimeException when the record is an order item that cannot be read (a poison record)
     */
    public static Optional<Order> statusChange(String eventName, Map<String, AttributeValue> keys,
                                               Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        if (!Orders.ORDER_ITEM.equals(OrderItems.str(keys, Orders.SORT_KEY))) {
            return Optional.empty();
        }
        boolean changed = switch (eventName) {
            case "INSERT" -> true;
            case "MODIFY" -> !Objects.equals(OrderItems.str(newImage, OrderItems.STATUS), OrderItems.str(oldImage, OrderItems.STATUS));
            default -> false;
        };
        return changed ? Optional.of(OrderItems.toOrder(newImage)) : Optional.empty();
    }

    /**
     * Whether the move the record shows was carried on by whoever made it (its next stage already ran, or is
     * running, there): read from the record's new image.
     */
    public static boolean carriedOn(Map<String, AttributeValue> newImage) {
        return OrderItems.carriedOn(newImage);
    }

    /**
     * The order item as the new image of a record that hands the order's stage to the processor: a replay
     * re-drives an order as it stands, whoever was to carry it on.
     */
    public static Map<String, AttributeValue> handedToTheProcessor(Map<String, AttributeValue> orderItem) {
        Map<String, AttributeValue> image = new java.util.HashMap<>(orderItem);
        image.remove(OrderItems.CARRIED_ON);
        return image;
    }

    /** The order a record is about (every item of the orders table is keyed by its order), if it says. */
    public static Optional<String> orderIdOf(Map<String, AttributeValue> keys) {
        return Optional.ofNullable(OrderItems.str(keys, Orders.PARTITION_KEY));
    }
}
