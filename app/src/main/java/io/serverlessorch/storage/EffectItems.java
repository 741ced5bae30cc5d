package io.serverlessorch.storage;

import io.serverlessorch.domain.OrderEffects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.serverlessorch.storage.OrderItems.s;
import static io.serverlessorch.storage.OrderItems.str;
import static io.serverlessorch.storage.Tables.Orders;

/** The effect items of an order (see {@link Tables.Orders#RESERVATION} and its neighbours), and back. */
final class EffectItems {

    private EffectItems() {
    }

    static Map<String, AttributeValue> reservation(String orderId, Instant at) {
        Map<String, AttributeValue> item = base(orderId, Orders.RESERVATION, at);
        item.put("reserved_at", s(Timestamps.format(at)));
        return item;
    }

    static Map<String, AttributeValue> shipment(String orderId, String trackingNumber, Instant at) {
        Map<String, AttributeValue> item = base(orderId, Orders.SHIPMENT, at);
        item.put("tracking_number", s(trackingNumber));
        return item;
    }

    static Map<String, AttributeValue> charge(String orderId, String reference, BigDecimal amount, Instant at) {
        Map<String, AttributeValue> item = base(orderId, Orders.CHARGE, at);
        item.put("reference", s(reference));
        item.put("amount", AttributeValue.fromN(amount.toPlainString()));
        return item;
    }

    static Map<String, AttributeValue> refund(String orderId, String reference, BigDecimal amount, Instant at) {
        Map<String, AttributeValue> item = base(orderId, Orders.REFUND, at);
        item.put("reference", s(reference));
        item.put("amount", AttributeValue.fromN(amount.toPlainString()));
        return item;
    }

    static Map<String, AttributeValue> message(String orderId, OrderEffects.CustomerMessage message) {
        Map<String, AttributeValue> item = base(orderId, Orders.MESSAGE, message.at());
        item.put("to", s(message.to()));
        item.put("subject", s(message.subject()));
        item.put("body", s(message.body()));
        return item;
    }

    private static Map<String, AttributeValue> base(String orderId, String effect, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Orders.PARTITION_KEY, s(orderId));
        item.put(Orders.SORT_KEY, s(effect));
        item.put("at", s(Timestamps.format(at)));
        return item;
    }

    static OrderEffects.Payment toPayment(Map<String, AttributeValue> item) {
        return new OrderEffects.Payment(str(item, "reference"), money(item), at(item));
    }

    /** The effects among the items of one order's partition. */
    static OrderEffects effectsOf(List<Map<String, AttributeValue>> items) {
        Instant reserved = null;
        Instant released = null;
        OrderEffects.Payment payment = null;
        OrderEffects.Refund refund = null;
        OrderEffects.Shipment shipment = null;
        OrderEffects.CustomerMessage message = null;
        for (Map<String, AttributeValue> item : items) {
            String sortKey = str(item, Orders.SORT_KEY);
            switch (sortKey) {
                case Orders.RESERVATION -> {
                    reserved = at(item);
                    released = item.containsKey("released_at") ? Instant.parse(str(item, "released_at")) : null;
                }
                case Orders.CHARGE -> payment = toPayment(item);
                case Orders.REFUND -> refund = new OrderEffects.Refund(str(item, "reference"), money(item), at(item));
                case Orders.SHIPMENT -> shipment = new OrderEffects.Shipment(str(item, "tracking_number"), at(item));
                case Orders.MESSAGE -> message = new OrderEffects.CustomerMessage(str(item, "to"), str(item, "subject"),
                        str(item, "body"), at(item));
                default -> {
                    // the order and its transitions
                }
            }
        }
        return new OrderEffects(reserved, released, payment, refund, shipment, message);
    }

    private static Instant at(Map<String, AttributeValue> item) {
        return Instant.parse(str(item, "at"));
    }

    private static BigDecimal money(Map<String, AttributeValue> item) {
        return new BigDecimal(item.get("amount").n()).setScale(io.serverlessorch.domain.Order.MONEY_SCALE);
    }
}
