package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;

/**
 * The one write that moves an order on: status, version, time, reason and whether its maker carries it on
 * (so that the move's stream record knows whether the next stage is its to run), together with the effect that
 * earned the move (the charge, the shipment...), only if the order is still in the status and at the
 * version the move was decided on. A repeated or late stream record therefore cannot move an order twice,
 * nor apply an effect to an order that has moved on.
 */
final class OrderMoves {

    private OrderMoves() {
    }

    /**
     * @param effects   order attributes set by the same write (see {@link OrderItems#RESERVED_AT} and its neighbours)
     * @param indexKeys the status index key is set only when the move changes it (to an end status), so
     *                  other moves write no index entry
     */
    static Update move(String table, StatusTransition transition, Map<String, AttributeValue> effects, IndexKeys indexKeys) {
        Map<String, String> names = new HashMap<>(Map.of("#status", OrderItems.STATUS, "#version", OrderItems.VERSION,
                "#updated", OrderItems.UPDATED_AT, "#reason", OrderItems.STATUS_REASON, "#carriedOn", OrderItems.CARRIED_ON));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":from", s(transition.from().name()),
                ":fromVersion", AttributeValue.fromN(Long.toString(transition.fromVersion())),
                ":to", s(transition.to().name()),
                ":version", AttributeValue.fromN(Long.toString(transition.fromVersion() + 1)),
                ":at", s(Timestamps.format(transition.at())),
                ":reason", transition.reason() == null ? AttributeValue.fromNul(true) : s(transition.reason()),
                ":carriedOn", AttributeValue.fromBool(transition.carriedOn())));
        StringJoiner set = new StringJoiner(", ", "SET ", "")
                .add("#status = :to").add("#version = :version").add("#updated = :at").add("#reason = :reason")
                .add("#carriedOn = :carriedOn");
        if (IndexKeys.movesIndexEntry(transition.from(), transition.to())) {
            names.put("#statusShard", Tables.Orders.STATUS_INDEX_PARTITION_KEY);
            values.put(":statusShard", s(indexKeys.statusShard(transition.orderId(), transition.to())));
            set.add("#statusShard = :statusShard");
        }
        effects.forEach((name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.add("#" + name + " = :" + name);
        });
        String update = set.toString();
        if (transition.from().isWaiting()) {
            update += " " + leaveDeadlineIndex(names);
        }
        return Update.builder()
                .tableName(table)
                .key(OrderItems.orderKey(transition.orderId()))
                .conditionExpression("#status = :from AND #version = :fromVersion")
                .updateExpression(update)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** The clause that takes a waiting order out of the deadline index: a move out of a wait has no deadline. */
    static String leaveDeadlineIndex(Map<String, String> names) {
        names.put("#deadlineShard", Tables.Orders.DEADLINE_INDEX_PARTITION_KEY);
        names.put("#deadlineAt", Tables.Orders.DEADLINE_AT);
        return "REMOVE #deadlineShard, #deadlineAt";
    }

    /** The attributes that put an order waiting in {@code status} until {@code deadline} in the deadline index. */
    static Map<String, AttributeValue> enterDeadlineIndex(String orderId, OrderStatus status, Instant deadline) {
        return Map.of(Tables.Orders.DEADLINE_INDEX_PARTITION_KEY, s(IndexKeys.deadlineShard(orderId, status)),
                Tables.Orders.DEADLINE_AT, s(Timestamps.format(deadline)));
    }

    /** The same move as a request of its own, for moves that touch no other item. */
    static UpdateItemRequest asRequest(Update move) {
        return UpdateItemRequest.builder()
                .tableName(move.tableName())
                .key(move.key())
                .conditionExpression(move.conditionExpression())
                .updateExpression(move.updateExpression())
                .expressionAttributeNames(move.expressionAttributeNames())
                .expressionAttributeValues(move.expressionAttributeValues())
                .build();
    }
}
