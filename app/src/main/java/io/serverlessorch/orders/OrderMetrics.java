package io.serverlessorch.orders;

/** What the order API reports about the orders it handles. */
public interface OrderMetrics {

    /**
     * A new order was stored (a retry with the same idempotency key is not one): the producer side of the
     * orders stream, which the stalled-consumer alarm compares with the stream processor's invocations.
     */
    void orderPlaced();

    /** A listing passed over an order item that cannot be read. */
    void unreadableOrderSkipped();
}
