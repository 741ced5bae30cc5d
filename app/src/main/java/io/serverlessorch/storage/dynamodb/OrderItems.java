package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.domain.StatusChange;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** Orders and status transitions as DynamoDB items, and back. Money is stored as exact decimal numbers. */
final class OrderItems {

    static final String STATUS = Orders.STATUS;
    static final String UPDATED_AT = Orders.UPDATED_AT;
    static final String CUSTOMER = "customer";
    static final String ITEMS = "items";
    static final String TOTAL = "total";
    static final String SHIPPING_ADDRESS = "shipping_address";
    static final String PAYMENT_METHOD = "payment_method";
    static final String CARD_TOKEN = "card_token";
    static final String REQUEST_FINGERPRINT = "request_fingerprint";
    static final String VERSION = "version";
    static final String STATUS_REASON = Orders.STATUS_REASON;
    /** Whether the last move's maker ran the next stage itself (StatusTransition.carriedOn); absent on a new order. */
    static final String CARRIED_ON = "carried_on";

    /**
     * The effects that move an order on live on the order item, written by the move itself (see
     * {@link OrderMoves}): one conditional write records both, without a transaction where no other item
     * changes. Read back by {@link EffectItems#effectsOf}.
     */
    static final String RESERVED_AT = "reserved_at";
    /** Of the products split into stock buckets, the bucket each holds this order's units in. */
    static final String HELD_IN = "held_in";
    /** A payment authorized but not yet confirmed: its reference, amount, time and deadline (see {@link Orders#DEADLINE_INDEX}). */
    static final String PENDING_PAYMENT = "pending_payment";
    static final String CHARGE = "charge";
    static final String SHIPMENT = "shipment";
    /** The customer's confirmation, set by the move to COMPLETED (the other ends' messages are items: {@link Tables.Orders#MESSAGE}). */
    static final String MESSAGE = "message";

    // Transition items: deliberately no "status" or "created_at", so they stay out of the indexes.
    static final String TO_STATUS = "to_status";
    /** A history record's statuses, each with its version, time and reason. */
    static final String ENTERED = "entered";
    static final String AT = "at";
    static final String REASON = "reason";

    private OrderItems() {
    }

    static Map<String, AttributeValue> orderKey(String orderId) {
        return Map.of(Orders.PARTITION_KEY, s(orderId), Orders.SORT_KEY, s(Orders.ORDER_ITEM));
    }

    static Map<String, AttributeValue> toItem(Order order, String requestFingerprint, Long expiresAtEpochSecond, IndexKeys indexKeys) {
        Map<String, AttributeValue> item = new HashMap<>(orderKey(order.orderId()));
        item.put(STATUS, s(order.status().name()));
        item.put(Orders.STATUS_INDEX_PARTITION_KEY, s(indexKeys.statusShard(order.orderId(), order.status())));
        item.put(Orders.CREATED_AT, s(Timestamps.format(order.createdAt())));
        item.put(UPDATED_AT, s(Timestamps.format(order.updatedAt())));
        item.put(Orders.CREATION_INDEX_PARTITION_KEY, s(indexKeys.listingShard(order.orderId())));
        item.put(CUSTOMER, m(customer(order.customer())));
        // The customer index's key, beside the customer map: an index key must be a top-level attribute.
        item.put(Orders.CUSTOMER_ID, s(order.customer().customerId()));
        item.put(ITEMS, AttributeValue.fromL(order.items().stream().map(line -> m(line(line))).toList()));
        item.put(TOTAL, n(order.total()));
        item.put(SHIPPING_ADDRESS, m(address(order.shippingAddress())));
        item.put(PAYMENT_METHOD, s(order.payment().paymentMethod()));
        putIfPresent(item, CARD_TOKEN, order.payment().cardToken());
        putIfPresent(item, REQUEST_FINGERPRINT, requestFingerprint);
        item.put(VERSION, AttributeValue.fromN(Long.toString(order.version())));
        putIfPresent(item, STATUS_REASON, order.statusReason());
        if (expiresAtEpochSecond != null) {
            item.put(Orders.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAtEpochSecond)));
        }
        return item;
    }

    static Order toOrder(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> customer = item.get(CUSTOMER).m();
        Map<String, AttributeValue> address = item.get(SHIPPING_ADDRESS).m();
        List<OrderLine> lines = item.get(ITEMS).l().stream().map(AttributeValue::m)
                .map(line -> new OrderLine(str(line, "product_id"), Integer.parseInt(line.get("quantity").n()),
                        money(line.get("unit_price"))))
                .toList();
        return new Order(
                str(item, Orders.PARTITION_KEY),
                OrderStatus.valueOf(str(item, STATUS)),
                new Customer(str(customer, "customer_id"), str(customer, "email"), str(customer, "name")),
                lines,
                money(item.get(TOTAL)),
                new ShippingAddress(str(address, "street"), str(address, "city"), str(address, "state"),
                        str(address, "postal_code"), str(address, "country")),
                new Payment(str(item, PAYMENT_METHOD), str(item, CARD_TOKEN)),
                Timestamps.parse(str(item, Orders.CREATED_AT)),
                Timestamps.parse(str(item, UPDATED_AT)),
                Long.parseLong(item.get(VERSION).n()),
                str(item, STATUS_REASON));
    }

    static String fingerprint(Map<String, AttributeValue> item) {
        return str(item, REQUEST_FINGERPRINT);
    }

    static boolean carriedOn(Map<String, AttributeValue> item) {
        AttributeValue carriedOn = item.get(CARRIED_ON);
        return carriedOn != null && Boolean.TRUE.equals(carriedOn.bool());
    }

    static boolean isOrder(Map<String, AttributeValue> item) {
        return Orders.ORDER_ITEM.equals(str(item, Orders.SORT_KEY));
    }

    static boolean isTransition(Map<String, AttributeValue> item) {
        String sortKey = str(item, Orders.SORT_KEY);
        return sortKey != null && sortKey.startsWith(Orders.TRANSITION_ITEM_PREFIX);
    }

    /**
     * One history record of the in-flight statuses an order entered, as a stream batch brought them (one or
     * several: a chain of moves arrives together): what each entered, when and why. Keyed by the first
     * version it holds, so writing the same again changes nothing; a batch delivered again in other parts may
     * write a record that overlaps another, and reading keeps each version once. It expires with its last
     * status.
     *
     * @param entered the order after each move, by version, oldest first
     */
    static Map<String, AttributeValue> historyItem(List<Order> entered, long expiresAtEpochSecond) {
        Order first = entered.get(0);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Orders.PARTITION_KEY, s(first.orderId()));
        item.put(Orders.SORT_KEY, s(transitionSortKey(first.version())));
        item.put(ENTERED, AttributeValue.fromL(entered.stream().map(order -> {
            Map<String, AttributeValue> change = new HashMap<>();
            change.put(VERSION, AttributeValue.fromN(Long.toString(order.version())));
            change.put(TO_STATUS, s(order.status().name()));
            change.put(AT, s(Timestamps.format(order.updatedAt())));
            putIfPresent(change, REASON, order.statusReason());
            return AttributeValue.fromM(change);
        }).toList()));
        item.put(Orders.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAtEpochSecond)));
        return item;
    }

    static String transitionSortKey(long version) {
        return Orders.TRANSITION_ITEM_PREFIX + String.format("%06d", version);
    }

    /**
     * The statuses a history record holds, by the version that entered each. Records written before they held
     * several carry one status in their own attributes, its version in the sort key.
     */
    static Map<Long, StatusChange> statusChanges(Map<String, AttributeValue> record) {
        Map<Long, StatusChange> changes = new TreeMap<>();
        if (record.containsKey(ENTERED)) {
            for (AttributeValue entered : record.get(ENTERED).l()) {
                Map<String, AttributeValue> change = entered.m();
                changes.put(Long.parseLong(change.get(VERSION).n()), statusChange(change));
            }
        } else {
            changes.put(Long.parseLong(str(record, Orders.SORT_KEY).substring(Orders.TRANSITION_ITEM_PREFIX.length())), statusChange(record));
        }
        return changes;
    }

    private static StatusChange statusChange(Map<String, AttributeValue> change) {
        return new StatusChange(OrderStatus.valueOf(str(change, TO_STATUS)), Timestamps.parse(str(change, AT)), str(change, REASON));
    }

    private static Map<String, AttributeValue> customer(Customer customer) {
        return Map.of("customer_id", s(customer.customerId()), "email", s(customer.email()), "name", s(customer.name()));
    }

    private static Map<String, AttributeValue> line(OrderLine line) {
        return Map.of("product_id", s(line.productId()),
                "quantity", AttributeValue.fromN(Integer.toString(line.quantity())),
                "unit_price", n(line.unitPrice()));
    }

    private static Map<String, AttributeValue> address(ShippingAddress address) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("street", s(address.street()));
        map.put("city", s(address.city()));
        putIfPresent(map, "state", address.state());
        map.put("postal_code", s(address.postalCode()));
        map.put("country", s(address.country()));
        return map;
    }

    private static void putIfPresent(Map<String, AttributeValue> map, String name, String value) {
        if (value != null) {
            map.put(name, s(value));
        }
    }

    /** DynamoDB keeps numbers without trailing zeros; amounts are shown to the cent. */
    private static BigDecimal money(AttributeValue value) {
        return new BigDecimal(value.n()).setScale(Order.MONEY_SCALE);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    private static AttributeValue m(Map<String, AttributeValue> map) {
        return AttributeValue.fromM(map);
    }
}
