package io.serverlessorch.domain;

import java.time.Instant;

/**
 * A decided move of one order from one status to the next. It applies only to the order as it was when
 * the decision was made: in {@code from}, at {@code fromVersion}.
 *
 * @param carriedOn whether whoever makes the move runs the next stage itself, straight away: the stream
 *                  record of the move then only adds it to the history. False hands the next stage to
 *                  that stream record.
 */
public record StatusTransition(String orderId, OrderStatus from, long fromVersion, OrderStatus to, String reason, Instant at,
                               boolean carriedOn) {

    /** A move whose next stage is left to its stream record. */
    public StatusTransition(String orderId, OrderStatus from, long fromVersion, OrderStatus to, String reason, Instant at) {
        this(orderId, from, fromVersion, to, reason, at, false);
    }

    /** The move of {@code order}, as it now is, to {@code to}. */
    public static StatusTransition of(Order order, OrderStatus to, String reason, Instant at, boolean carriedOn) {
        return new StatusTransition(order.orderId(), order.status(), order.version(), to, reason, at, carriedOn);
    }

    /** The order as this move leaves it. */
    public Order applyTo(Order order) {
        if (!order.orderId().equals(orderId) || order.status() != from || order.version() != fromVersion) {
            throw new IllegalArgumentException("The move of " + orderId + " from " + from + " at version " + fromVersion
                    + " does not apply to " + order.orderId() + " in " + order.status() + " at version " + order.version());
        }
        return new Order(order.orderId(), to, order.customer(), order.items(), order.total(), order.shippingAddress(),
                order.payment(), order.createdAt(), at, fromVersion + 1, reason);
    }
}
