package io.serverlessorch.orders;

import io.serverlessorch.domain.OrderStatus;

/** What the order API reports about the orders it handles. */
public interface OrderMetrics {

    /**
     * A new order was stored (a retry with the same idempotency key is not one): the producer side of the
     * orders stream, which the stalled-consumer alarm compares with the stream processor's invocations.
     */
    void orderPlaced();

    /**
     * A signal from outside the pipeline moved an order (a cancel, a webhook, a deadline): counted with the
     * pipeline's own moves, by status and reason.
     */
    void orderSignalled(OrderStatus to, String reasonCode);

    /** A listing passed over an order item that cannot be read. */
    void unreadableOrderSkipped();

    /**
     * A request was answered 503 because storage was throttled ({@code busy}) or could not be reached
     * ({@code unreachable}), after the client's retries.
     */
    void storageUnavailable(String reason);
}
