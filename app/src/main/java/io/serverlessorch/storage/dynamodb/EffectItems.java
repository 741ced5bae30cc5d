package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.OrderItems.str;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * The pipeline's effects as stored, and back. Those that move the order on (stock held, the charge, the
 * shipment, the confirmation that completes a fulfilled order) are attributes of the order item, set by the
 * move; those that do not (stock released, the refund, the message of an order that did not go through)
 * are items of their own (see {@link Tables.Orders#RELEASE}), whose sort key lets each happen once.
 */
final class EffectItems {

    private EffectItems() {
    }

    /** @param heldIn the bucket held of each product split into buckets (see {@link StockBuckets}) */
    static Map<String, AttributeValue> reservation(Instant at, Map<String, AttributeValue> heldIn) {
        return heldIn.isEmpty()
                ? Map.of(OrderItems.RESERVED_AT, s(Timestamps.format(at)))
                : Map.of(OrderItems.RESERVED_AT, s(Timestamps.format(at)), OrderItems.HELD_IN, AttributeValue.fromM(heldIn));
    }

    static Map<String, AttributeValue> charge(String reference, BigDecimal amount, Instant at) {
        return Map.of(OrderItems.CHARGE, AttributeValue.fromM(Map.of(
                "reference", s(reference), "amount", AttributeValue.fromN(amount.toPlainString()), "at", s(Timestamps.format(at)))));
    }

    /** A payment waiting for the provider's word: kept on the order item, read by the webhook and the undo. */
    static Map<String, AttributeValue> pendingPayment(OrderEffects.PendingPayment pending) {
        return Map.of(OrderItems.PENDING_PAYMENT, AttributeValue.fromM(Map.of(
                "reference", s(pending.reference()), "amount", AttributeValue.fromN(pending.amount().toPlainString()),
                "at", s(Timestamps.format(pending.at())), "deadline", s(Timestamps.format(pending.deadline())))));
    }

    static Map<String, AttributeValue> voided(String orderId, Instant at) {
        return base(orderId, Orders.VOID, at);
    }

    static Map<String, AttributeValue> shipment(String trackingNumber, Instant at) {
        return Map.of(OrderItems.SHIPMENT, AttributeValue.fromM(Map.of(
                "tracking_number", s(trackingNumber), "at", s(Timestamps.format(at)))));
    }

    static Map<String, AttributeValue> release(String orderId, Instant at) {
        return base(orderId, Orders.RELEASE, at);
    }

    static Map<String, AttributeValue> refund(String orderId, String reference, BigDecimal amount, Instant at) {
        Map<String, AttributeValue> item = base(orderId, Orders.REFUND, at);
        item.put("reference", s(reference));
        item.put("amount", AttributeValue.fromN(amount.toPlainString()));
        return item;
    }

    static Map<String, AttributeValue> message(String orderId, OrderEffects.CustomerMessage message) {
        Map<String, AttributeValue> item = base(orderId, Orders.MESSAGE, message.at());
        item.putAll(messageFields(message));
        return item;
    }

    /** The message as an attribute of the order item, for the move that sends it. */
    static Map<String, AttributeValue> confirmation(OrderEffects.CustomerMessage message) {
        Map<String, AttributeValue> fields = new HashMap<>(messageFields(message));
        fields.put("at", s(Timestamps.format(message.at())));
        return Map.of(OrderItems.MESSAGE, AttributeValue.fromM(fields));
    }

    private static Map<String, AttributeValue> messageFields(OrderEffects.CustomerMessage message) {
        return Map.of("to", s(message.to()), "subject", s(message.subject()), "body", s(message.body()));
    }

    private static Map<String, AttributeValue> base(String orderId, String effect, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Orders.PARTITION_KEY, s(orderId));
        item.put(Orders.SORT_KEY, s(effect));
        item.put("at", s(Timestamps.format(at)));
        return item;
    }

    /** The effects recorded on {@code orderItem} and among the other items of its partition. */
    static OrderEffects effectsOf(Map<String, AttributeValue> orderItem, List<Map<String, AttributeValue>> items) {
        Instant reserved = orderItem.containsKey(OrderItems.RESERVED_AT) ? Timestamps.parse(str(orderItem, OrderItems.RESERVED_AT)) : null;
        Map<String, AttributeValue> charge = orderItem.containsKey(OrderItems.CHARGE) ? orderItem.get(OrderItems.CHARGE).m() : null;
        Map<String, AttributeValue> pending = orderItem.containsKey(OrderItems.PENDING_PAYMENT) ? orderItem.get(OrderItems.PENDING_PAYMENT).m() : null;
        Instant voided = null;
        Map<String, AttributeValue> shipped = orderItem.containsKey(OrderItems.SHIPMENT) ? orderItem.get(OrderItems.SHIPMENT).m() : null;
        Instant released = null;
        OrderEffects.Refund refund = null;
        OrderEffects.CustomerMessage message = orderItem.containsKey(OrderItems.MESSAGE) ? message(orderItem.get(OrderItems.MESSAGE).m()) : null;
        for (Map<String, AttributeValue> item : items) {
            switch (str(item, Orders.SORT_KEY)) {
                case Orders.RELEASE -> released = at(item);
                case Orders.VOID -> voided = at(item);
                case Orders.REFUND -> refund = new OrderEffects.Refund(str(item, "reference"), money(item), at(item));
                case Orders.MESSAGE -> message = message(item);
                default -> {
                    // the order and its transitions
                }
            }
        }
        return new OrderEffects(reserved, released,
                pending == null ? null : new OrderEffects.PendingPayment(str(pending, "reference"), money(pending), at(pending),
                        Timestamps.parse(str(pending, "deadline"))),
                voided,
                charge == null ? null : new OrderEffects.Charge(str(charge, "reference"), money(charge), at(charge)),
                refund,
                shipped == null ? null : new OrderEffects.Shipment(str(shipped, "tracking_number"), at(shipped)),
                message);
    }

    private static OrderEffects.CustomerMessage message(Map<String, AttributeValue> fields) {
        return new OrderEffects.CustomerMessage(str(fields, "to"), str(fields, "subject"), str(fields, "body"), at(fields));
    }

    private static Instant at(Map<String, AttributeValue> item) {
        return Timestamps.parse(str(item, "at"));
    }

    private static BigDecimal money(Map<String, AttributeValue> item) {
        return new BigDecimal(item.get("amount").n()).setScale(Order.MONEY_SCALE);
    }
}
