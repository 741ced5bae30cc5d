package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Write write = write(transition.orderId(), List.of(transition.from()), transition.to(), transition.reason(), transition.at(),
                transition.carriedOn(), indexKeys);
        write.values().put(":from", s(transition.from().name()));
        write.values().put(":fromVersion", AttributeValue.fromN(Long.toString(transition.fromVersion())));
        write.values().put(":version", AttributeValue.fromN(Long.toString(transition.fromVersion() + 1)));
        effects.forEach((name, value) -> {
            write.names().put("#" + name, name);
            write.values().put(":" + name, value);
            write.set().add("#" + name + " = :" + name);
        });
        return write.update(table, transition.orderId(), "#status = :from AND #version = :fromVersion", ":version");
    }

    /**
     * A signal's move (see {@code OrderPipeline}'s signals): to {@code to}, whatever the version, only if the order is
     * in one of {@code from}; not carried on, so its stream record runs the next stage.
     */
    static Update signal(String table, String orderId, Set<OrderStatus> from, OrderStatus to, String reason, Instant at, IndexKeys indexKeys) {
        Write write = write(orderId, from, to, reason, at, false, indexKeys);
        write.values().put(":one", AttributeValue.fromN("1"));
        List<String> fromValues = new ArrayList<>();
        for (OrderStatus status : from) {
            String value = ":from" + fromValues.size();
            write.values().put(value, s(status.name()));
            fromValues.add(value);
        }
        return write.update(table, orderId, "#status IN (" + String.join(", ", fromValues) + ")", "#version + :one");
    }

    /**
     * What every move writes: status, time, reason, whether its maker carries it on, and the status index key where
     * a move from any of {@code from} changes it; the version is the caller's (set, or counted on).
     */
    private static Write write(String orderId, Collection<OrderStatus> from, OrderStatus to, String reason, Instant at, boolean carriedOn,
                               IndexKeys indexKeys) {
        Map<String, String> names = new HashMap<>(Map.of("#status", OrderItems.STATUS, "#version", OrderItems.VERSION,
                "#updated", OrderItems.UPDATED_AT, "#reason", OrderItems.STATUS_REASON, "#carriedOn", OrderItems.CARRIED_ON));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":to", s(to.name()),
                ":at", s(Timestamps.format(at)),
                ":reason", reason == null ? AttributeValue.fromNul(true) : s(reason),
                ":carriedOn", AttributeValue.fromBool(carriedOn)));
        StringJoiner set = new StringJoiner(", ", "SET ", "")
                .add("#status = :to").add("#updated = :at").add("#reason = :reason").add("#carriedOn = :carriedOn");
        if (from.stream().anyMatch(status -> IndexKeys.movesIndexEntry(status, to))) {
            names.put("#statusShard", Tables.Orders.STATUS_INDEX_PARTITION_KEY);
            values.put(":statusShard", s(indexKeys.statusShard(orderId, to)));
            set.add("#statusShard = :statusShard");
        }
        return new Write(names, values, set, from.stream().anyMatch(OrderStatus::isWaiting));
    }

    /** A move being written; {@code leavesAWait}: from a waiting status, so it leaves the deadline index too. */
    private record Write(Map<String, String> names, Map<String, AttributeValue> values, StringJoiner set, boolean leavesAWait) {

        Update update(String table, String orderId, String condition, String version) {
            set.add("#version = " + version);
            String update = set + (leavesAWait ? " " + leaveDeadlineIndex(names) : "");
            return Update.builder()
                    .tableName(table)
                    .key(OrderItems.orderKey(orderId))
                    .conditionExpression(condition)
                    .updateExpression(update)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build();
        }
    }

    /** The clause that takes a waiting order out of the deadline index: a move out of a wait has no deadline. */
    private static String leaveDeadlineIndex(Map<String, String> names) {
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
