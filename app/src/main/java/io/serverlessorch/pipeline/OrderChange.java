package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;

/**
 * One record of the orders' change stream, as the pipeline sees it. The stream's own format is read at
 * the edge (the stream processor's handler); the pipeline only needs to know which order a record is about
 * and whether it is a status the order has just entered.
 */
public sealed interface OrderChange {

    /** The record's position in the stream: a failed record is retried from here. */
    String sequenceNumber();

    /** The order the record is about; records of one order are handled in stream order. */
    String orderId();

    /**
     * The order has just entered its status (it was created, or its status changed).
     *
     * @param carriedOn whether the move's maker ran the next stage itself ({@code StatusTransition#carriedOn}):
     *                  the record then only adds the status to the history
     */
    record StatusEntered(String sequenceNumber, String orderId, Order order, boolean carriedOn) implements OrderChange {
    }

    /** Any other change (a history or effect item, an update that left the status, an expiry): nothing to do. */
    record Other(String sequenceNumber, String orderId) implements OrderChange {
    }

    /** A record that could not be read (a poison record): it fails, and is retried or dead-lettered. */
    record Unreadable(String sequenceNumber, String orderId, RuntimeException problem) implements OrderChange {
    }
}
