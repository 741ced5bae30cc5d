package io.serverlessorch.domain;

import java.util.List;

/** An order with its status changes, oldest first. */
public record OrderHistory(Order order, List<StatusChange> history) {

    public OrderHistory {
        history = List.copyOf(history);
    }
}
