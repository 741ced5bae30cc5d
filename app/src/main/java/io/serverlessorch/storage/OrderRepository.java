package io.serverlessorch.storage;

import io.serverlessorch.domain.InvalidPageTokenException;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where orders and their history are kept. */
public interface OrderRepository {

    /**
     * Stores {@code order} unless an order with its id exists. {@code requestFingerprint} identifies the
     * request that asked for it, so a retry can be told apart from a different request reusing the id.
     */
    CreateOutcome create(Order order, String requestFingerprint);

    /**
     * The order stored under {@code orderId}, if a request with this fingerprint placed it (read consistently).
     */
    Optional<Order> findPlacedBy(String orderId, String requestFingerprint);

    Optional<OrderHistory> findWithHistory(String orderId);

    /**
     * Orders newest first, of one status or (status empty) all. {@code pageToken} is the {@link OrderPage#nextToken()}
     * of the previous page.
     *
     * @throws InvalidPageTokenException when the token is not one this listing handed out
     */
    OrderPage list(Optional<OrderStatus> status, int limit, Optional<String> pageToken);

    /**
     * One customer's orders newest first, all or (status given) those in one status; a page with a status may hold
     * fewer than {@code limit}, even none, and still have a next page. Orders placed before the customer index
     * existed are missing until backfilled.
     *
     * @throws InvalidPageTokenException when the token is not one this listing (this customer and status) handed out
     */
    OrderPage listOfCustomer(String customerId, Optional<OrderStatus> status, int limit, Optional<String> pageToken);

    /**
     * Moves the order to {@code transition.to()}, only if it is still in {@code transition.from()} at
     * {@code transition.fromVersion()}.
     *
     * @return false when the order had already moved on (a repeated or stale decision); nothing was written
     */
    boolean applyTransition(StatusTransition transition);

    /**
     * Moves the order to {@code to}, whatever its version, only if it is in one of the statuses {@code from}: a
     * signal from outside the pipeline (see {@code OrderPipeline}'s signals). The move's maker does not carry it
     * on: its stream record runs the next stage. One conditional write, so a signal and a step racing for the
     * order cannot both move it.
     *
     * @return the order as the move left it, or as it was found when it was in none of {@code from}; no order
     *         when there is none with that id
     */
    SignalOutcome applySignal(String orderId, Set<OrderStatus> from, OrderStatus to, String reason, Instant at);

    /**
     * Orders waiting in {@code status} whose deadline is at or before {@code now}, at most {@code limit}, earliest
     * deadline first within each shard. Read eventually consistently: an order that moved on a moment ago may be
     * among them, and moving it is refused.
     */
    List<Overdue> overdue(OrderStatus status, Instant now, int limit);

    /** How many orders wait in {@code status} (read eventually consistently). */
    long countWaiting(OrderStatus status);

    /**
     * The order, when its last move was to be {@linkplain StatusTransition#carriedOn carried on} by whoever made
     * it; empty when that move left the next stage to its stream record, or there is no such order. Read
     * consistently: it is asked right after a move was refused.
     */
    Optional<Order> findCarriedOn(String orderId);

    /**
     * Keeps the status each order is in, with its time and reason, in the order's history (for a limited
     * time), in as few requests as the store allows. Recording the same version again changes nothing. An end
     * status needs no record of its own: the order keeps it, and the history shows it from there.
     */
    void recordHistory(Collection<Order> orders);

    /**
     * Of these statuses, those no history record holds yet. Read eventually consistently (a read is a fifth of
     * a write's price): a record written a moment ago may be missed, and its statuses are then written again,
     * which reading shows once.
     */
    List<Order> notYetInHistory(Collection<Order> entered);

    /** Throws when the table cannot be reached. */
    void checkReachable();

    /** @param applied whether this call moved the order */
    record SignalOutcome(Optional<Order> order, boolean applied) {
    }

    /** An order past its deadline, and the deadline. */
    record Overdue(String orderId, Instant deadline) {
    }

    /**
     * @param order        the order now stored under that id
     * @param created      true when this call stored it
     * @param sameRequest  when not created: whether the stored order came from a request with the same fingerprint
     */
    record CreateOutcome(Order order, boolean created, boolean sameRequest) {
    }
}
