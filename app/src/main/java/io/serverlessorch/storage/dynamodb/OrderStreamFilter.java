package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.storage.dynamodb.Tables.Orders;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which stream records of the orders table reach the stream processor: order items created or changed.
 * History records, effect records and TTL deletions never wake it. Defined once: the deployed event source
 * mapping's filter criteria are {@link #PATTERN}, and the local mapping applies {@link #passes} to the same
 * pattern, so both invoke the processor for the same records.
 */
public final class OrderStreamFilter {

    private OrderStreamFilter() {
    }

    public static final List<String> EVENT_NAMES = List.of("INSERT", "MODIFY");

    /** The string keys a record must have, and the values they may take. */
    public static final Map<String, List<String>> KEYS = Map.of(Orders.SORT_KEY, List.of(Orders.ORDER_ITEM));

    /**
     * The pattern in Lambda's filter syntax (the shape of a stream record in a Lambda event; a list holds
     * the values a field may have).
     */
    public static final Map<String, Object> PATTERN = Map.of(
            "eventName", EVENT_NAMES,
            "dynamodb", Map.of("Keys", KEYS.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, key -> Map.of("S", key.getValue())))));

    /** True when a record with this event name and these keys matches {@link #PATTERN}. */
    public static boolean passes(String eventName, Map<String, AttributeValue> keys) {
        if (eventName == null || !EVENT_NAMES.contains(eventName)) {
            return false;
        }
        return KEYS.entrySet().stream().allMatch(key -> {
            AttributeValue value = keys == null ? null : keys.get(key.getKey());
            return value != null && value.s() != null && key.getValue().contains(value.s());
        });
    }
}
