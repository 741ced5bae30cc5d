package io.serverlessorch.domain;

import java.time.Instant;

/** One entry of an order's history: the status it entered, when, and why where a reason applies. */
public record StatusChange(OrderStatus status, Instant at, String reason) {
}
