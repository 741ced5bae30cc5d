package io.serverlessorch.domain;

import java.util.Optional;

/** Where an order stands. The pipeline moves an order through these; terminal ones never change again. */
public enum OrderStatus {
    PENDING(false),
    VALIDATED(false),
    VALIDATION_FAILED(true),
    INVENTORY_RESERVED(false),
    OUT_OF_STOCK(true),
    PAYMENT_COMPLETED(false),
    PAYMENT_FAILED(true),
    FULFILLED(false),
    COMPLETED(true),
    FAILED(true);

    private final boolean terminal;

    OrderStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
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
