package io.serverlessorch.domain;

import java.util.List;

/** An order with its status changes, oldest first, and what the pipeline did for it. */
public record OrderHistory(Order order, List<StatusChange> history, OrderEffects effects) {

    public OrderHistory {
        history = List.copyOf(history);
    }
}
