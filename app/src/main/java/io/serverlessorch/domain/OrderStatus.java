package io.serverlessorch.domain;

import java.util.Optional;

/**
 * Where an order stands. The pipeline moves an order through these; terminal ones never change again. A
 * waiting status waits for the world outside the pipeline (a payment provider's callback, a customer, a
 * deadline): nothing runs for the order until one of them moves it on.
 */
public enum OrderStatus {
    PENDING(Kind.IN_FLIGHT),
    VALIDATED(Kind.IN_FLIGHT),
    VALIDATION_FAILED(Kind.END),
    INVENTORY_RESERVED(Kind.IN_FLIGHT),
    OUT_OF_STOCK(Kind.END),
    PAYMENT_PENDING(Kind.WAITING),
    PAYMENT_COMPLETED(Kind.IN_FLIGHT),
    PAYMENT_FAILED(Kind.END),
    FULFILLED(Kind.IN_FLIGHT),
    COMPLETED(Kind.END),
    FAILED(Kind.END),
    CANCELLED(Kind.END);

    private enum Kind { IN_FLIGHT, WAITING, END }

    private final Kind kind;

    OrderStatus(Kind kind) {
        this.kind = kind;
    }

    public boolean isTerminal() {
        return kind == Kind.END;
    }

    /** Whether an order in this status waits for the world outside the pipeline, until a deadline. */
    public boolean isWaiting() {
        return kind == Kind.WAITING;
    }

    /** The status named {@code name}, or empty when no status has that exact name. */
    public static Optional<OrderStatus> parse(String name) {
        for (OrderStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
