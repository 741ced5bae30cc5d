package io.serverlessorch.domain;

import java.time.Instant;

/**
 * A decided move of one order from one status to the next. It applies only to the order as it was when
 * the decision was made: in {@code from}, at {@code fromVersion}.
 */
public record StatusTransition(String orderId, OrderStatus from, long fromVersion, OrderStatus to, String reason, Instant at) {

    /** The move of {@code order}, as it now is, to {@code to}. */
    public static StatusTransition of(Order order, OrderStatus to, String reason, Instant at) {
        return new StatusTransition(order.orderId(), order.status(), order.version(), to, reason, at);
    }

    /** The same move, with the reason the one who makes it knows best (a step knows what it did). */
    public StatusTransition because(String reason) {
        return new StatusTransition(orderId, from, fromVersion, to, reason, at);
    }
}
