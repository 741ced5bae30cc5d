package io.serverlessorch.domain;

import java.time.Instant;

/**
 * A decided move of one order from one status to the next. It applies only to the order as it was when
 * the decision was made: in {@code from}, at {@code fromVersion}.
 */
public record StatusTransition(String orderId, OrderStatus from, long fromVersion, OrderStatus to, String reason, Instant at) {
}
